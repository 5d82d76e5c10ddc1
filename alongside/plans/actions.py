"""Every change to a plan goes through these functions, which check the policy again and audit the change.

Views have asked the policy already; asking again here means no future caller (an API, a script) can let a
supporter change what the client owns. Audit entries hold ids and statuses only, never the client's words.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.notifications.kinds import Kind
from alongside.notifications.outbox import link_to, notify
from alongside.once import Sending
from alongside.policy import Area, Verb
from alongside.reports import tallies

from . import history
from .forms import characters
from .models import (
    ENCOURAGEMENT_MAX,
    GOAL_TEXT_MAX,
    JOURNAL_MAX,
    LONG_TEXT_MAX,
    OPEN_DECISIONS,
    REASON_MAX,
    STEP_TEXT_MAX,
    SUGGESTION_TEXT_MAX,
    TRANSITIONS,
    Change,
    Decision,
    Encouragement,
    Goal,
    IdeaRequest,
    JournalEntry,
    LifeArea,
    Milestone,
    Revision,
    Status,
    Step,
    Suggestion,
    SuggestionKind,
)

Item = TypeVar("Item", Goal, Step)
LONG_FIELDS = {"why": _("Why this matters"), "strengths": _("Strengths"), "supports": _("Supports")}


class StaleEdit(Exception):
    """Someone changed the item since the form was opened; ``current`` is how it reads now."""

    def __init__(self, current: Goal | Step) -> None:
        super().__init__("The item changed since it was opened.")
        self.current = current


def check_length(text: str, limit: int, what: str | Promise) -> None:
    """``what`` names the text in a few words (_("Your goal")), marked for translation where it is written."""
    if len(text) > limit:
        raise ValidationError(
            gettext("%(what)s can be up to %(limit)s characters; this is %(length)s. Please shorten it a little.")
            % {"what": what, "limit": characters(limit), "length": characters(len(text))}
        )


def required_text(text: str, limit: int, what: str | Promise) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(gettext("%(what)s cannot be empty. Please write a few words.") % {"what": what})
    check_length(text, limit, what)
    return text


def _require(actor: Membership, verb: Verb, client: Membership) -> None:
    if not policy.can(actor, verb, Area.PLAN, client):
        raise PermissionDenied("Only the client can change their plan.")


def _audit(
    actor: Membership,
    client: Membership,
    action: AuditAction,
    target: str,
    request: HttpRequest | None,
    **detail: Any,
) -> None:
    record(
        organisation=client.organisation,
        actor=actor.user,
        action=action,
        client=client,
        target=target,
        detail=detail,
        request=request,
    )


def _revise(item: Goal | Step, change: str, by: Membership, suggested_by: Any = None) -> None:
    goal = item if isinstance(item, Goal) else item.goal
    Revision.objects.create(
        organisation_id=goal.organisation_id,
        goal=goal,
        step=None if isinstance(item, Goal) else item,
        version=item.version,
        change=change,
        changed_by=by.user,
        suggested_by=suggested_by,
        snapshot=history.snapshot(item),
    )


def clean_goal_wording(wording: dict[str, Any]) -> dict[str, Any]:
    """The goal fields, checked: the wording is required, everything else optional and bounded."""
    cleaned: dict[str, Any] = {"text": required_text(str(wording.get("text", "")), GOAL_TEXT_MAX, _("Your goal"))}
    for name, label in LONG_FIELDS.items():
        cleaned[name] = str(wording.get(name) or "").strip()
        check_length(cleaned[name], LONG_TEXT_MAX, label)
    cleaned["life_area"] = wording.get("life_area") or ""
    if cleaned["life_area"] not in ("", *LifeArea.values):
        raise ValidationError(gettext("Please choose a life area from the list, or leave it empty."))
    target = wording.get("target_date") or None
    cleaned["target_date"] = date.fromisoformat(target) if isinstance(target, str) else target
    return cleaned


@transaction.atomic
def create_goal(
    client: Membership,
    wording: dict[str, Any],
    *,
    by: Membership,
    status: str = Status.ACTIVE,
    is_private: bool = False,
    suggested_by: Any = None,
    key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Goal:
    """A new goal in the plan; the new-goal form sent twice (the same ``key``) makes one."""
    _require(by, Verb.WRITE, client)
    sending = Sending(Goal, key, organisation_id=client.organisation_id, author={"written_by": by.user})
    if sent := sending.stored_before():
        return sent
    if status not in (Status.PROPOSED, Status.ACTIVE):
        raise ValidationError(
            gettext("A new goal starts as either '%(proposed)s' or '%(active)s'.")
            % {"proposed": Status.PROPOSED.label, "active": Status.ACTIVE.label}
        )
    wording = clean_goal_wording(wording)
    with tallies.kept(client.pk):
        goal, stored = sending.store(
            client=client, status=status, is_private=is_private, suggested_by=suggested_by, **wording
        )
    if not stored:
        return goal
    _revise(goal, Change.SUGGESTION if suggested_by else Change.CREATED, by, suggested_by)
    _audit(by, client, AuditAction.PLAN_GOAL_CREATE, f"goal:{goal.pk}", request, private=is_private)
    return goal


def _reword(
    item: Item,
    fields: dict[str, Any],
    *,
    expected_version: int,
    by: Membership,
    change: str,
    suggested_by: Any = None,
) -> Item:
    """Apply a wording change only if nobody changed the item since ``expected_version``.

    The update is conditional on the version in one statement, so two people saving at once cannot both win.
    Authorship follows the main wording: whoever suggested the new ``text`` (or nobody) is credited.
    """
    model = type(item)
    current = model.objects.get(pk=item.pk)
    if all(getattr(current, name) == value for name, value in fields.items()):
        return current  # nothing to change, so nothing can be overwritten
    if fields.get("text", current.text) != current.text:
        fields = fields | {"suggested_by": suggested_by, "in_own_words": False}
    updated = model.objects.filter(pk=item.pk, version=expected_version).update(version=F("version") + 1, **fields)
    fresh = model.objects.get(pk=item.pk)
    if isinstance(fresh, Step) and isinstance(item, Step):
        fresh.goal = item.goal
    if not updated:
        raise StaleEdit(fresh)
    _revise(fresh, change, by, suggested_by)
    return fresh


@transaction.atomic
def edit_goal(
    goal: Goal,
    wording: dict[str, Any],
    *,
    is_private: bool,
    expected_version: int,
    by: Membership,
    request: HttpRequest | None = None,
) -> Goal:
    _require(by, Verb.WRITE, goal.client)
    with tallies.kept(goal.client_id):  # the dashboard counts shared goals, and those in the client's own words
        cleaned = clean_goal_wording(wording)
        fresh = _reword(goal, cleaned, expected_version=expected_version, by=by, change=Change.EDITED)
        if fresh.is_private != is_private:
            Goal.objects.filter(pk=goal.pk).update(is_private=is_private)
            fresh.is_private = is_private
    _audit(
        by,
        goal.client,
        AuditAction.PLAN_GOAL_EDIT,
        f"goal:{goal.pk}",
        request,
        version=fresh.version,
        private=is_private,
    )
    return fresh


@transaction.atomic
def add_step(
    goal: Goal, text: str, *, by: Membership, suggested_by: Any = None, request: HttpRequest | None = None
) -> Step:
    _require(by, Verb.WRITE, goal.client)
    text = required_text(text, STEP_TEXT_MAX, "A step")
    Goal.objects.select_for_update().filter(pk=goal.pk).first()  # one step added at a time keeps positions unique
    last = goal.steps.aggregate(last=Max("position"))["last"]
    step = Step.objects.create(
        organisation_id=goal.organisation_id,
        goal=goal,
        text=text,
        position=(last or 0) + 1,
        written_by=by.user,
        suggested_by=suggested_by,
    )
    _revise(step, Change.SUGGESTION if suggested_by else Change.CREATED, by, suggested_by)
    _audit(by, goal.client, AuditAction.PLAN_STEP_ADD, f"step:{step.pk}", request, goal=goal.pk)
    return step


@transaction.atomic
def edit_step(
    step: Step, text: str, *, expected_version: int, by: Membership, request: HttpRequest | None = None
) -> Step:
    _require(by, Verb.WRITE, step.goal.client)
    text = required_text(text, STEP_TEXT_MAX, "A step")
    fresh = _reword(step, {"text": text}, expected_version=expected_version, by=by, change=Change.EDITED)
    _audit(by, step.goal.client, AuditAction.PLAN_STEP_EDIT, f"step:{step.pk}", request, version=fresh.version)
    return fresh


@transaction.atomic
def move_step(step: Step, offset: int, *, by: Membership, request: HttpRequest | None = None) -> None:
    """Swap a step with its neighbour above (-1) or below (+1); at either end nothing moves."""
    _require(by, Verb.WRITE, step.goal.client)
    steps = list(Step.objects.select_for_update().filter(goal_id=step.goal_id).order_by("position", "pk"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index + offset
    if offset not in (-1, 1) or not 0 <= other < len(steps):
        return
    steps[index], steps[other] = steps[other], steps[index]
    for position, each in enumerate(steps, start=1):
        if each.position != position:
            Step.objects.filter(pk=each.pk).update(position=position)
    _audit(by, step.goal.client, AuditAction.PLAN_STEP_MOVE, f"step:{step.pk}", request, offset=offset)


def transition_problem(current: str, wanted: str) -> str | None:
    """Why ``current`` cannot become ``wanted``, or None if it can."""
    if wanted not in Status.values:
        return gettext("That is not a status a goal or step can have.")
    if wanted == current:
        return gettext("This is already marked '%(status)s'.") % {"status": Status(current).label}
    if wanted not in TRANSITIONS[current]:
        return gettext("Something marked '%(current)s' cannot be marked '%(wanted)s' directly.") % {
            "current": Status(current).label,
            "wanted": Status(wanted).label,
        }
    return None


@transaction.atomic
def set_status(
    item: Goal | Step, wanted: str, *, by: Membership, request: HttpRequest | None = None
) -> Milestone | None:
    """Move a goal or step along its lifecycle. Completing one is a milestone, which is returned."""
    goal = item if isinstance(item, Goal) else item.goal
    _require(by, Verb.WRITE, goal.client)
    model = type(item)
    locked = model.objects.select_for_update().get(pk=item.pk)
    problem = transition_problem(locked.status, wanted)
    if problem:
        raise ValidationError(problem)
    model.objects.filter(pk=item.pk).update(status=wanted)
    item.status = locked.status = wanted
    if isinstance(locked, Step):
        locked.goal = goal
    _revise(locked, Change.STATUS, by)
    kind = "goal" if isinstance(item, Goal) else "step"
    _audit(
        by,
        goal.client,
        AuditAction.PLAN_GOAL_STATUS if kind == "goal" else AuditAction.PLAN_STEP_STATUS,
        f"{kind}:{item.pk}",
        request,
        status=wanted,
    )
    if wanted != Status.COMPLETED:
        return None
    return Milestone.objects.create(
        organisation_id=goal.organisation_id,
        client_id=goal.client_id,
        goal=goal,
        step=item if isinstance(item, Step) else None,
    )


@transaction.atomic
def restore(revision: Revision, *, expected_version: int, by: Membership, request: HttpRequest | None = None) -> None:
    """Put an earlier wording back. The restore is itself a new version, so nothing is ever lost."""
    _require(by, Verb.WRITE, revision.goal.client)
    fields = history.wording(revision)
    credit = {"suggested_by": revision.suggested_by}  # the restored words keep their original credit
    if revision.step is not None:
        revision.step.goal = revision.goal
        _reword(revision.step, fields, expected_version=expected_version, by=by, change=Change.RESTORED, **credit)
    else:
        wording = clean_goal_wording(fields)
        with tallies.kept(revision.goal.client_id):  # the credit decides whether the goal is in the client's words
            _reword(revision.goal, wording, expected_version=expected_version, by=by, change=Change.RESTORED, **credit)
    _audit(
        by, revision.goal.client, AuditAction.PLAN_RESTORE, f"revision:{revision.pk}", request, goal=revision.goal_id
    )


def _target_problem(client: Membership, kind: str, goal: Goal | None, step: Step | None) -> str | None:
    if kind not in SuggestionKind.values:
        return gettext("Please choose what kind of suggestion this is.")
    if goal is not None and (goal.client_id != client.pk or goal.is_private):
        return gettext("That goal is not in the plan any more. Please choose another.")
    if step is not None and (goal is None or step.goal_id != goal.pk):
        return gettext("That step is not in the plan any more. Please choose another.")
    if kind != SuggestionKind.GOAL and goal is None:
        return gettext("Please choose the goal your suggestion is about.")
    if kind == SuggestionKind.STEP and step is not None:
        return gettext("A new step belongs to a goal, not to another step.")
    return None


@transaction.atomic
def suggest(
    client: Membership,
    *,
    by: Membership,
    kind: str,
    text: str,
    reason: str = "",
    goal: Goal | None = None,
    step: Step | None = None,
    in_reply_to: IdeaRequest | None = None,
    key: uuid.UUID,
    request: HttpRequest | None = None,
) -> Suggestion:
    """Offer an idea. It waits for the client; the same form sent twice is stored once."""
    _require(by, Verb.CONTRIBUTE, client)
    if by.pk == client.pk:
        raise ValidationError(gettext("This is your own plan: you can change it directly."))
    sending = Sending(Suggestion, key, organisation_id=client.organisation_id, author={"suggested_by": by})
    if sent := sending.stored_before():
        return sent
    problem = _target_problem(client, kind, goal, step)
    if problem:
        raise ValidationError(problem)
    fields = {
        "text": required_text(text, SUGGESTION_TEXT_MAX, _("Your suggestion")),
        "reason": reason.strip(),
    }
    check_length(fields["reason"], REASON_MAX, _("The reason"))
    if in_reply_to is not None and in_reply_to.goal_id != getattr(goal, "pk", None):
        in_reply_to = None
    suggestion, stored = sending.store(
        client=client,
        kind=kind,
        goal=goal,
        step=step,
        in_reply_to=in_reply_to,
        **fields,
    )
    if not stored:
        return suggestion
    if in_reply_to is not None and in_reply_to.answered_at is None:
        IdeaRequest.objects.filter(pk=in_reply_to.pk).update(answered_at=timezone.now())
    _audit(by, client, AuditAction.PLAN_SUGGEST, f"suggestion:{suggestion.pk}", request, kind=kind)
    link = link_to(reverse("plans:decide", args=[suggestion.pk]), request)
    notify([client], Kind.SUGGESTION, link, event=f"suggestion:{suggestion.pk}")
    return suggestion


def _apply(suggestion: Suggestion, text: str, by: Membership) -> Goal | Step | None:
    """Put an accepted suggestion into the plan, credited to the supporter who offered it; return what it changed."""
    author, change = suggestion.suggested_by.user, Change.SUGGESTION
    goal, step = suggestion.goal, suggestion.step
    if suggestion.kind == SuggestionKind.GOAL:
        return create_goal(suggestion.client, {"text": text}, by=by, suggested_by=author)
    if suggestion.kind == SuggestionKind.STEP and goal is not None:
        return add_step(goal, text, by=by, suggested_by=author)
    if suggestion.kind == SuggestionKind.REWORDING and step is not None:
        new_text = required_text(text, STEP_TEXT_MAX, _("The new wording"))
        return _reword(
            step, {"text": new_text}, expected_version=step.version, by=by, change=change, suggested_by=author
        )
    if suggestion.kind == SuggestionKind.REWORDING and goal is not None:
        new_text = required_text(text, GOAL_TEXT_MAX, _("The new wording"))
        return _reword(
            goal, {"text": new_text}, expected_version=goal.version, by=by, change=change, suggested_by=author
        )
    if suggestion.kind == SuggestionKind.RESOURCE and goal is not None:
        supports = "\n".join(part for part in (goal.supports, text.strip()) if part)
        check_length(supports, LONG_TEXT_MAX, _("Supports"))
        _reword(goal, {"supports": supports}, expected_version=goal.version, by=by, change=change, suggested_by=author)
    return None  # a resource adds to the supports; the goal's own wording, and its credit, stay as they were


@transaction.atomic
def decide(
    suggestion: Suggestion,
    decision: str,
    *,
    by: Membership,
    text: str = "",
    why: str = "",
    request: HttpRequest | None = None,
) -> Suggestion:
    """The client's answer: accept as is, accept in their own words, decline (saying why if they like), or later."""
    _require(by, Verb.WRITE, suggestion.client)
    with tallies.kept(suggestion.client_id):
        return _decide(suggestion, decision, by, text, why, request)


def _decide(
    suggestion: Suggestion, decision: str, by: Membership, text: str, why: str, request: HttpRequest | None
) -> Suggestion:
    # Work on the suggestion (and the goal or step it is about) as they are now, not as the caller loaded them.
    locked = Suggestion.objects.select_for_update(of=("self",)).select_related("goal", "step").get(pk=suggestion.pk)
    locked.client, locked.suggested_by = suggestion.client, suggestion.suggested_by
    if locked.step is not None and locked.goal is not None:
        locked.step.goal = locked.goal
    if locked.decision not in OPEN_DECISIONS:
        raise ValidationError(
            gettext("You already decided on this suggestion: %(decision)s.")
            % {"decision": locked.get_decision_display().lower()}
        )
    if decision not in Decision.values or decision == Decision.PENDING:
        raise ValidationError(gettext("Please choose what you would like to do with this suggestion."))
    if decision == Decision.REWORDED:
        text = required_text(text, SUGGESTION_TEXT_MAX, _("Your wording"))
        if text == locked.text.strip():
            decision = Decision.ACCEPTED
    if decision == Decision.DECLINED:
        check_length(why.strip(), REASON_MAX, _("Your reason"))
        locked.decline_reason = why.strip()
    if decision in (Decision.ACCEPTED, Decision.REWORDED):
        changed = _apply(locked, text if decision == Decision.REWORDED else locked.text, by)
        if changed is not None and decision == Decision.REWORDED:  # shown on the item, not only in a message
            type(changed).objects.filter(pk=changed.pk).update(in_own_words=True)
    locked.decision = decision
    locked.decided_at = None if decision == Decision.LATER else timezone.now()
    locked.save(update_fields=["decision", "decided_at", "decline_reason"])
    suggestion.decision, suggestion.decided_at = locked.decision, locked.decided_at
    _audit(by, locked.client, AuditAction.PLAN_DECIDE, f"suggestion:{locked.pk}", request, decision=decision)
    return locked


@transaction.atomic
def ask_for_ideas(goal: Goal, note: str, *, by: Membership, request: HttpRequest | None = None) -> IdeaRequest:
    _require(by, Verb.WRITE, goal.client)
    if goal.is_private:
        raise ValidationError(
            gettext("This goal is private, so nobody else can see it. Share it first to ask for ideas.")
        )
    note = note.strip()
    check_length(note, REASON_MAX, _("Your note"))
    open_request = IdeaRequest.objects.filter(goal=goal, answered_at__isnull=True).first()
    if open_request:
        return open_request
    idea_request = IdeaRequest.objects.create(
        organisation_id=goal.organisation_id, client_id=goal.client_id, goal=goal, note=note
    )
    _audit(by, goal.client, AuditAction.PLAN_ASK, f"idea-request:{idea_request.pk}", request, goal=goal.pk)
    link = link_to(reverse("plans:supporter_plan", args=[goal.client_id]), request)
    notify(policy.supporters_to_tell(goal.client), Kind.IDEAS_REQUEST, link, event=f"idea-request:{idea_request.pk}")
    return idea_request


@transaction.atomic
def encourage(milestone: Milestone, text: str, *, by: Membership, request: HttpRequest | None = None) -> Encouragement:
    _require(by, Verb.CONTRIBUTE, milestone.client)
    if by.pk == milestone.client_id or milestone.goal.is_private:
        raise PermissionDenied("Encouragement comes from the people walking alongside, on milestones they can see.")
    encouragement = Encouragement.objects.create(
        organisation_id=milestone.organisation_id,
        milestone=milestone,
        author=by,
        text=required_text(text, ENCOURAGEMENT_MAX, _("Your encouragement")),
    )
    _audit(by, milestone.client, AuditAction.PLAN_ENCOURAGE, f"milestone:{milestone.pk}", request)
    return encouragement


@transaction.atomic
def write_journal_entry(
    client: Membership,
    text: str,
    *,
    is_private: bool,
    by: Membership,
    key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> JournalEntry:
    """A new journal entry; the journal form sent twice (the same ``key``) makes one."""
    _require(by, Verb.WRITE, client)
    sending = Sending(JournalEntry, key, organisation_id=client.organisation_id, author={"client": client})
    if sent := sending.stored_before():
        return sent
    text = required_text(text, JOURNAL_MAX, _("Your journal entry"))
    entry, stored = sending.store(text=text, is_private=is_private)
    if not stored:
        return entry
    _audit(by, client, AuditAction.PLAN_JOURNAL_WRITE, f"journal:{entry.pk}", request, private=is_private)
    return entry


@transaction.atomic
def set_journal_privacy(
    entry: JournalEntry, *, is_private: bool, by: Membership, request: HttpRequest | None = None
) -> None:
    _require(by, Verb.WRITE, entry.client)
    JournalEntry.objects.filter(pk=entry.pk).update(is_private=is_private)
    entry.is_private = is_private
    _audit(by, entry.client, AuditAction.PLAN_JOURNAL_PRIVACY, f"journal:{entry.pk}", request, private=is_private)
