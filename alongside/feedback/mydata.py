"""The check-ins section of "My data": every answer, score and conversation it started."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.policy import Area

from .definitions import Definition, Item
from .models import CheckinRequest, Prompt, Response
from .reliability import reliabilities_for
from .scoring import Change, Reliability, on_good_side, reliable_change


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    responses = Response.objects.filter(client=client).select_related("questionnaire").order_by("submitted_at")
    prompts = Prompt.objects.filter(client=client).select_related("responded_by").order_by("created_at")
    return {
        "check_ins": [
            {
                "check_in": response.questionnaire.title,
                "answered_at": response.submitted_at.isoformat(),
                "answers": response.scores,
                "total": response.total,
                "in_my_words": response.free_text,
            }
            for response in responses
        ],
        "conversations": [
            {
                "started_at": prompt.created_at.isoformat(),
                "you_said": prompt.you_said,
                "next_time": prompt.next_time,
                "answered_by": prompt.responded_by.display_name if prompt.responded_by else None,
            }
            for prompt in prompts
        ],
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    for model in (Prompt, Response, CheckinRequest):
        model.objects.filter(client=client).delete()


@dataclass(frozen=True)
class Answered:
    """One time the client answered a check-in: the total, and what it means in words."""

    when: datetime
    total: int
    meaning: str  # the cut-off side, and the change since the one before


@dataclass
class CheckinInWords:
    """One check-in as the printable record reads it: every time it was answered, in a small table; the latest
    answers one by one in words; and everything the client wrote in it."""

    title: str
    highest: int
    higher_is_better: bool
    cutoff: float | None
    times: list[Answered] = field(default_factory=list)
    latest: list[tuple[str, str]] = field(default_factory=list)  # (question, answer in words)
    written: list[tuple[datetime, str, str]] = field(default_factory=list)  # (when, question, their words)


CHANGE_WORDS = {
    Change.IMPROVED: gettext_lazy("a reliable improvement"),
    Change.WORSENED: gettext_lazy("a reliable worsening"),
    Change.NO_RELIABLE_CHANGE: gettext_lazy("no reliable change"),
    Change.NOT_ENOUGH_DATA: gettext_lazy("too few answers yet to tell"),
}


def _meaning(definition: Definition, total: int, before: int | None, reliability: Reliability) -> str:
    said = []
    if definition.cutoff is not None:
        good = on_good_side(total, definition.cutoff, higher_is_better=definition.higher_is_better)
        said.append(_("on the better side of the cut-off") if good else _("on the harder side of the cut-off"))
    if before is not None:
        change = reliable_change(before, total, reliability, higher_is_better=definition.higher_is_better)
        said.append(
            _("since the one before (%(before)s): %(change)s") % {"before": before, "change": CHANGE_WORDS[change]}
        )
    return "; ".join(said).capitalize()


def _answer(item: Item, value: int) -> str:
    assert item.scale is not None  # noqa: S101 - only scored items (parse() gives each a scale) are passed
    scale = item.scale
    numbers = {"value": value, "low": scale.low, "high": scale.high}
    out_of = _("%(value)s out of %(high)s") if scale.low == 0 else _("%(value)s (from %(low)s to %(high)s)")
    label = scale.labels.get(value, "")
    return f"{out_of % numbers}: {label}" if label else out_of % numbers


def readable(client: Membership) -> dict[str, Any]:
    """Every check-in answered, scored as the check-in pages score it, and the conversations they started."""
    responses = list(Response.objects.filter(client=client).select_related("questionnaire").order_by("submitted_at"))
    questionnaires = {response.questionnaire_id: response.questionnaire for response in responses}
    reliability = reliabilities_for(questionnaires.values(), client.organisation_id)
    checkins: dict[int, CheckinInWords] = {}
    for response in responses:
        definition = questionnaires[response.questionnaire_id].shown
        checkin = checkins.setdefault(
            response.questionnaire_id,
            CheckinInWords(definition.title, definition.highest, definition.higher_is_better, definition.cutoff),
        )
        before = checkin.times[-1].total if checkin.times else None
        meaning = _meaning(definition, response.total, before, reliability[response.questionnaire_id])
        checkin.times.append(Answered(response.submitted_at, response.total, meaning))
        scored = [
            (item, response.scores[item.link_id]) for item in definition.scored if item.link_id in response.scores
        ]
        if scored:
            checkin.latest = [(item.text, _answer(item, value)) for item, value in scored]
        texts = response.texts
        checkin.written += [
            (response.submitted_at, i.text, texts[i.link_id]) for i in definition.items if i.link_id in texts
        ]
    prompts = Prompt.objects.filter(client=client, responded_at__isnull=False).select_related("responded_by")
    return {"checkins": list(checkins.values()), "prompts": list(prompts.order_by("created_at"))}


MY_DATA = [
    Section(
        "check_ins",
        export_for_client,
        Area.CHECKINS,
        purge_for_client,
        Readable(gettext_lazy("Your check-ins"), "feedback/readable.html", readable, order=40),
    )
]
