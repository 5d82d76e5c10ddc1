"""Where each check-in's reliability comes from, for reliable and clinically significant change.

A definition may carry published figures (``scoring.reliability`` in its JSON, with their source). Whatever
it lacks, r or SD, is estimated from the organisation's own answers: Cronbach's alpha of the scored items and the
SD of the totals, from each client's **first** answer (so every person counts once and the answers are
independent), once at least ``MINIMUM_ANSWERS`` clients have answered. Below that the answer is "not enough
data yet (N of 30 answers)".

Estimates are stored (``ReliabilityEstimate``) and worked out again by ``alongside checkins reliability``
(daily) and, while there are fewer than ``MINIMUM_ANSWERS``, in the background after each client's first
answer; pages only read them. Not an action: nobody acts here, as with the dashboard's day tallies.

Everything else asks ``reliability_for`` or, for several check-ins at once, ``reliabilities_for``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organisation, Role
from alongside.core.prepared import Prepared

from .definitions import Definition
from .models import Questionnaire, ReliabilityEstimate, Response
from .scoring import Reliability, cronbach_alpha, sample_variance

MINIMUM_ANSWERS = 30  # clients with a complete first answer; docs/meetings-and-feedback.md says why


def reliability_for(questionnaire: Questionnaire, organisation_id: int) -> Reliability:
    """The r and SD to use for ``questionnaire`` in this organisation, or why there are none yet."""
    return reliabilities_for([questionnaire], organisation_id)[questionnaire.pk]


def reliabilities_for(questionnaires: Iterable[Questionnaire], organisation_id: int) -> dict[int, Reliability]:
    """``reliability_for`` for many check-ins, by questionnaire id: one query however many (none when every
    one has published figures)."""
    chosen = list(questionnaires)
    wanted = [questionnaire.pk for questionnaire in chosen if needs_estimate(questionnaire.parsed)]
    estimates = {}
    if wanted:  # no query otherwise: the worklist asks on every supporter's home, mostly for none
        estimates = {estimate.questionnaire_id: estimate for estimate in _estimates(organisation_id, wanted)}
    return {q.pk: combine(q.parsed.reliability, estimates.get(q.pk)) for q in chosen}


@Prepared
def _estimates(organisation_id: int, questionnaire_ids: list[int]) -> QuerySet[ReliabilityEstimate]:
    return ReliabilityEstimate.objects.filter(organisation_id=organisation_id, questionnaire_id__in=questionnaire_ids)


def needs_estimate(definition: Definition) -> bool:
    return definition.reliability.r is None or definition.reliability.sd is None


def combine(published: Reliability, estimate: ReliabilityEstimate | None) -> Reliability:
    """Published figures first; whatever is missing from the organisation's estimate, once it rests on enough
    answers."""
    if published.r is not None and published.sd is not None:
        return published
    answers = estimate.n if estimate else 0
    if estimate is None or answers < MINIMUM_ANSWERS:
        missing = _("not enough data yet (%(answers)s of %(needed)s answers)")
        return replace(published, missing=missing % {"answers": answers, "needed": MINIMUM_ANSWERS})
    r = published.r if published.r is not None else estimate.alpha
    sd = published.sd if published.sd is not None else estimate.sd
    combined = Reliability(r, sd, _source(published, estimate))
    if combined.known:
        return combined
    missing = _("the first answers of %(answers)s people do not give a usable reliability")
    return replace(combined, missing=missing % {"answers": answers})


def _source(published: Reliability, estimate: ReliabilityEstimate) -> str:
    parts = []
    if published.r is not None:
        parts.append(
            _("r = %(r)s, published: %(source)s")
            % {"r": number_format(round(published.r, 2), 2), "source": published.source}
        )
    elif estimate.alpha is not None:
        parts.append(_("r = Cronbach's alpha %(alpha)s") % {"alpha": number_format(round(estimate.alpha, 2), 2)})
    if published.sd is not None:
        parts.append(_("SD = %(sd)s, published") % {"sd": number_format(f"{published.sd:g}")})
    elif estimate.sd is not None:
        parts.append(_("SD = %(sd)s") % {"sd": number_format(round(estimate.sd, 1), 1)})
    when = date_format(timezone.localtime(estimate.computed_at), "SHORT_DATE_FORMAT")
    estimated = _("Estimated from the first answers of %(n)s people in this organisation (worked out %(when)s).")
    return "; ".join(parts) + ". " + estimated % {"n": estimate.n, "when": when}


def first_answers(organisation_id: int, questionnaire: Questionnaire) -> list[list[int]]:
    """Each client's first complete answer to ``questionnaire``, as its scored items in order.

    One seek per client in the ``answers_in_order`` index, rather than reading every answer.
    """
    link_ids = [item.link_id for item in questionnaire.parsed.scored]
    answers = Response.objects.filter(client=OuterRef("pk"), questionnaire=questionnaire)
    in_order = answers.order_by("submitted_at", "pk")
    clients = Membership.objects.filter(organisation_id=organisation_id, role=Role.CLIENT)
    firsts = clients.annotate(first=Subquery(in_order.values("scores")[:1])).values_list("first", flat=True)
    rows = []
    for scores in firsts:
        if isinstance(scores, dict) and all(isinstance(scores.get(link_id), int) for link_id in link_ids):
            rows.append([scores[link_id] for link_id in link_ids])
    return rows


def refresh(organisation_id: int, questionnaire: Questionnaire) -> ReliabilityEstimate:
    """Work out alpha and SD again from the organisation's first answers, and store them."""
    rows = first_answers(organisation_id, questionnaire)
    sd = math.sqrt(sample_variance([sum(row) for row in rows])) if len(rows) >= 2 else None
    estimate, _ = ReliabilityEstimate.objects.update_or_create(
        organisation_id=organisation_id,
        questionnaire=questionnaire,
        defaults={"alpha": cronbach_alpha(rows), "sd": sd, "n": len(rows), "computed_at": timezone.now()},
    )
    return estimate


def refresh_organisation(organisation_id: int) -> int:
    """Every check-in the organisation may use that lacks published figures; returns how many."""
    available = Questionnaire.objects.available_to(organisation_id)
    estimated = [questionnaire for questionnaire in available if needs_estimate(questionnaire.parsed)]
    for questionnaire in estimated:
        refresh(organisation_id, questionnaire)
    return len(estimated)


def refresh_all() -> int:
    return sum(refresh_organisation(pk) for pk in Organisation.objects.values_list("pk", flat=True))
