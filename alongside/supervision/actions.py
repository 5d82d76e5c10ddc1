"""Every write in supervision: check the policy, write, and append the audit entry, in one transaction.

Audit entries name the pairing, session or goal and the kind of change, never the words written.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.once import Sending

from .models import (
    GOAL_MAX_CHARS,
    ITEM_MAX_CHARS,
    DevelopmentGoal,
    GoalStatus,
    IndicatorShare,
    ItemKind,
    Pairing,
    Session,
    SessionItem,
)

# Refusals, translated where they are raised (_(ONLY_THE_TWO)).
ONLY_THE_TWO = gettext_noop("Only the supervisor and the peer of an open pairing write in its space.")
ONLY_THE_PEER = gettext_noop("Development goals and practice indicators are the peer's own.")

# What the peer may do with a goal, from where it stands: decision -> (new status, statuses it applies to).
DECISIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "take_up": (GoalStatus.WORKING_ON, (GoalStatus.SUGGESTED,)),
    "not_now": (GoalStatus.NOT_TAKEN_UP, (GoalStatus.SUGGESTED,)),
    "done": (GoalStatus.DONE, (GoalStatus.WORKING_ON,)),
    "set_aside": (GoalStatus.SET_ASIDE, (GoalStatus.WORKING_ON,)),
    "pick_up_again": (GoalStatus.WORKING_ON, (GoalStatus.SET_ASIDE, GoalStatus.DONE, GoalStatus.NOT_TAKEN_UP)),
}


def _audit(by: Membership, action: AuditAction, target: str, request: HttpRequest | None, **detail: Any) -> None:
    record(organisation=by.organisation, actor=by.user, action=action, target=target, detail=detail, request=request)


def clean_text(text: str, limit: int, missing: str, too_long: str, *, required: bool = True) -> str:
    """``text`` trimmed, or refused: ``missing`` when it is required and empty, ``too_long`` (a message with
    %(limit)s and %(length)s) when it is over ``limit``."""
    text = (text or "").strip()
    if required and not text:
        raise ValidationError(missing)
    if len(text) > limit:
        raise ValidationError(too_long % {"limit": _count(limit), "length": _count(len(text))})
    return text


def _count(number: int) -> str:
    """A count as the person's language writes it: 3,000 in English, 3.000 in Spanish."""
    return number_format(number, force_grouping=True)


def _clean_goal(text: str, *, required: bool = True) -> str:
    return clean_text(
        text,
        GOAL_MAX_CHARS,
        _("Please write the goal."),
        _("Please keep the goal to %(limit)s characters or fewer (it has %(length)s)."),
        required=required,
    )


# --- Pairings ----------------------------------------------------------------------------------------------


@transaction.atomic
def start_pairing(
    supervisor: Membership, peer: Membership, *, by: Membership, request: HttpRequest | None = None
) -> Pairing:
    """Pair a supervisor with a peer; an open pairing of the same two is kept, not doubled."""
    policy.require(policy.may_start_pairing(by, supervisor, peer), _("You cannot arrange this supervision."))
    existing = Pairing.objects.filter(supervisor=supervisor, peer=peer, ended_at__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(
                organisation_id=by.organisation_id, supervisor=supervisor, peer=peer, started_by=by.user
            )
    except IntegrityError:  # the same two paired by a simultaneous request
        return Pairing.objects.get(supervisor=supervisor, peer=peer, ended_at__isnull=True)
    _audit(
        by,
        AuditAction.SUPERVISION_PAIRING_START,
        f"pairing:{pairing.pk}",
        request,
        supervisor=supervisor.pk,
        peer=peer.pk,
    )
    return pairing


@transaction.atomic
def end_pairing(pairing: Pairing, *, by: Membership, request: HttpRequest | None = None) -> None:
    """End a pairing (kept, never deleted); an indicator share with it ends too."""
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if pairing.ended_at is not None:
        return
    policy.require(policy.may_end_pairing(by, pairing), _("You cannot end this supervision."))
    now = timezone.now()
    pairing.ended_at, pairing.ended_by = now, by.user
    pairing.save(update_fields=["ended_at", "ended_by"])
    IndicatorShare.objects.filter(pairing=pairing, revoked_at__isnull=True).update(revoked_at=now)
    _audit(by, AuditAction.SUPERVISION_PAIRING_END, f"pairing:{pairing.pk}", request)


# --- Sessions ----------------------------------------------------------------------------------------------


@transaction.atomic
def record_session(
    pairing: Pairing,
    *,
    held_on: date,
    items: dict[str, str],
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Session:
    """Record a session the two held, with what either of them writes about it (at least one thing)."""
    policy.require(policy.may_write_in_space(by, pairing), _(ONLY_THE_TWO))
    sending = Sending(
        Session,
        submission_key,
        organisation_id=pairing.organisation_id,
        author={"recorded_by": by},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    if held_on > timezone.localdate() + timedelta(days=1):
        raise ValidationError(_("A session is recorded once it has happened: please give a date up to today."))
    too_long = _("Please keep this to %(limit)s characters or fewer (it has %(length)s).")
    texts = {kind: clean_text(items.get(kind, ""), ITEM_MAX_CHARS, "", too_long, required=False) for kind in ItemKind}
    if not any(texts.values()):
        raise ValidationError(
            _(
                "Please write at least one thing about the session: what you talked about, "
                "what the peer takes away, or the next steps you agreed."
            )
        )
    session, stored = sending.store(pairing=pairing, held_on=held_on)
    if not stored:
        return session
    SessionItem.objects.bulk_create(
        SessionItem(organisation_id=pairing.organisation_id, session=session, kind=kind, text=text, author=by)
        for kind, text in texts.items()
        if text
    )
    _audit(
        by,
        AuditAction.SUPERVISION_SESSION_RECORD,
        f"supervision_session:{session.pk}",
        request,
        pairing=pairing.pk,
        kinds=[kind for kind, text in texts.items() if text],
    )
    return session


@transaction.atomic
def add_item(
    session: Session,
    kind: str,
    text: str,
    *,
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> SessionItem:
    """Either of the two adds to a session later (a take-away that came afterwards, a next step)."""
    pairing = session.pairing
    policy.require(policy.may_write_in_space(by, pairing), _(ONLY_THE_TWO))
    sending = Sending(
        SessionItem,
        submission_key,
        organisation_id=pairing.organisation_id,
        author={"author": by},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    if kind not in ItemKind.values:
        raise ValidationError(_("Please choose what you are adding."))
    text = clean_text(
        text,
        ITEM_MAX_CHARS,
        _("Please write something to add."),
        _("Please keep something to add to %(limit)s characters or fewer (it has %(length)s)."),
    )
    item, stored = sending.store(session=session, kind=kind, text=text)
    if stored:
        _audit(by, AuditAction.SUPERVISION_ITEM_ADD, f"supervision_session:{session.pk}", request, kind=kind)
    return item


# --- Development goals --------------------------------------------------------------------------------------


@transaction.atomic
def write_goal(
    pairing: Pairing,
    text: str,
    *,
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> DevelopmentGoal:
    """The peer writes a goal in their own words (they are working on it from now), or the supervisor
    suggests one (it waits for the peer to take it up, in their own words if they like)."""
    suggesting = policy.may_suggest_goal(by, pairing)
    policy.require(suggesting or policy.may_own_goals(by, pairing), _(ONLY_THE_TWO))
    sending = Sending(
        DevelopmentGoal,
        submission_key,
        organisation_id=pairing.organisation_id,
        author={"created_by": by},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    text = _clean_goal(text)
    status = GoalStatus.SUGGESTED if suggesting else GoalStatus.WORKING_ON
    goal, stored = sending.store(pairing=pairing, text=text, suggested_text=text if suggesting else "", status=status)
    if stored:
        action = AuditAction.SUPERVISION_GOAL_SUGGEST if suggesting else AuditAction.SUPERVISION_GOAL_WRITE
        _audit(by, action, f"development_goal:{goal.pk}", request, pairing=pairing.pk)
    return goal


@transaction.atomic
def decide_goal(
    goal: DevelopmentGoal,
    decision: str,
    *,
    by: Membership,
    own_words: str = "",
    request: HttpRequest | None = None,
) -> DevelopmentGoal:
    """The peer moves their goal on: takes up a suggestion (in their own words if given) or not, marks it
    done, sets it aside, or picks it up again. The same decision sent twice changes nothing."""
    goal = DevelopmentGoal.objects.select_for_update().select_related("pairing").get(pk=goal.pk)
    policy.require(policy.may_own_goals(by, goal.pairing), _(ONLY_THE_PEER))
    if decision not in DECISIONS:
        raise ValidationError(_("Please choose what to do with this goal."))
    status, applies_to = DECISIONS[decision]
    if goal.status == status:
        return goal
    if goal.status not in applies_to:
        raise ValidationError(_("This goal has moved on since the page was opened; here is how it stands now."))
    if decision == "take_up" and (words := _clean_goal(own_words, required=False)):
        goal.text = words
    now = timezone.now()
    before = goal.status
    goal.status, goal.changed_at = status, now
    goal.completed_at = now if status == GoalStatus.DONE else None
    goal.save(update_fields=["text", "status", "changed_at", "completed_at"])
    _audit(
        by,
        AuditAction.SUPERVISION_GOAL_STATUS,
        f"development_goal:{goal.pk}",
        request,
        before=before,
        after=status,
        reworded=goal.text != goal.suggested_text if goal.suggested_text else False,
    )
    return goal


# --- Sharing practice indicators ----------------------------------------------------------------------------


@transaction.atomic
def share_indicators(pairing: Pairing, *, by: Membership, request: HttpRequest | None = None) -> IndicatorShare:
    """The peer lets the supervisor of this pairing see their practice indicators, until they stop."""
    policy.require(policy.may_share_indicators(by, pairing), _(ONLY_THE_PEER))
    Pairing.objects.select_for_update().filter(pk=pairing.pk).first()  # one share at a time
    if (current := IndicatorShare.objects.filter(pairing=pairing, revoked_at__isnull=True).first()) is not None:
        return current
    share = IndicatorShare.objects.create(organisation_id=pairing.organisation_id, pairing=pairing)
    _audit(by, AuditAction.SUPERVISION_INDICATORS_SHARE, f"pairing:{pairing.pk}", request, share=share.pk)
    return share


@transaction.atomic
def stop_sharing_indicators(pairing: Pairing, *, by: Membership, request: HttpRequest | None = None) -> None:
    """The peer stops sharing: from the next request the supervisor sees them no more."""
    policy.require(policy.may_revoke_indicator_share(by, pairing), _(ONLY_THE_PEER))
    ended = IndicatorShare.objects.filter(pairing=pairing, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if ended:
        _audit(by, AuditAction.SUPERVISION_INDICATORS_REVOKE, f"pairing:{pairing.pk}", request)


def record_indicator_read(pairing: Pairing, *, by: Membership, request: HttpRequest | None = None) -> None:
    """The supervisor opened the peer's shared indicators: a read the peer can find in the audit log."""
    policy.require(policy.may_see_indicators(by, pairing), _("These indicators are not shared with you."))
    with transaction.atomic():
        _audit(by, AuditAction.SUPERVISION_INDICATORS_READ, f"pairing:{pairing.pk}", request, peer=pairing.peer_id)
