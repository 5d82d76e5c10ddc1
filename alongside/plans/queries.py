"""The read side of the plan. Each function runs a fixed number of queries, however big the plan is."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from typing import Any, Protocol

from django.db.models import Prefetch, Q, QuerySet

from alongside.accounts.models import Membership, User
from alongside.core.prepared import Prepared

from .history import FieldChange, changes
from .models import (
    OPEN_DECISIONS,
    OPEN_STATUSES,
    Change,
    Decision,
    Encouragement,
    Goal,
    IdeaRequest,
    JournalEntry,
    Milestone,
    Revision,
    Status,
    Step,
    Suggestion,
)

RECENT_MILESTONES = 5


class Reached(Protocol):
    """Any milestone: the plan's (a stored ``Milestone``) or one worked out elsewhere (group sessions)."""

    @property
    def reached_at(self) -> datetime: ...


@dataclass
class Autonomy:
    """How much of the plan is the client's own, and what became of suggestions. Declining is neutral."""

    items: int = 0
    written_by_client: int = 0
    decisions: dict[str, int] = field(default_factory=dict)
    median_wait: timedelta | None = None

    @property
    def share_written(self) -> int | None:
        return round(100 * self.written_by_client / self.items) if self.items else None

    @property
    def accepted(self) -> int:
        return self.decisions.get(Decision.ACCEPTED, 0)

    @property
    def reworded(self) -> int:
        return self.decisions.get(Decision.REWORDED, 0)

    @property
    def declined(self) -> int:
        return self.decisions.get(Decision.DECLINED, 0)

    @property
    def waiting(self) -> int:
        return sum(self.decisions.get(d, 0) for d in OPEN_DECISIONS)


def autonomy(goals: list[Goal], suggestions: list[Suggestion]) -> Autonomy:
    items: list[Goal | Step] = [*goals, *(step for goal in goals for step in goal.step_list)]
    decisions: dict[str, int] = defaultdict(int)
    waits = []
    for suggestion in suggestions:
        decisions[suggestion.decision] += 1
        if suggestion.decided_at is not None:
            waits.append((suggestion.decided_at - suggestion.created_at).total_seconds())
    return Autonomy(
        items=len(items),
        written_by_client=sum(1 for item in items if item.suggested_by_id is None),
        decisions=dict(decisions),
        median_wait=timedelta(seconds=statistics.median(waits)) if waits else None,
    )


@dataclass
class Plan:
    client: Membership
    goals: list[Goal]
    suggestions: list[Suggestion]
    idea_requests: list[IdeaRequest]
    milestones: list[Milestone]
    autonomy: Autonomy

    @property
    def open_goals(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.status in OPEN_STATUSES]

    @property
    def completed_goals(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.status == Status.COMPLETED]

    @property
    def cancelled_goals(self) -> list[Goal]:
        return [goal for goal in self.goals if goal.status == Status.CANCELLED]

    @property
    def open_suggestions(self) -> list[Suggestion]:
        return [s for s in self.suggestions if s.decision in OPEN_DECISIONS]

    @property
    def new_goal_suggestions(self) -> list[Suggestion]:
        return [s for s in self.open_suggestions if s.goal_id is None]


def _with_steps(found: list[Goal], known: Iterable[User] = ()) -> list[Goal]:
    """The goals, each with its steps in their order as ``goal.step_list`` and the people who wrote and suggested
    each: one query (none if there are no goals), and another for any author not in ``known``."""
    steps: dict[int, list[Step]] = {goal.pk: [] for goal in found}
    if found:
        for step in _steps_of(list(steps)):
            steps[step.goal_id].append(step)
    for goal in found:
        goal.step_list = steps[goal.pk]
    _attach_authors([*found, *(step for goal in found for step in goal.step_list)], known)
    return found


@Prepared
def _steps_of(goal_ids: list[int]) -> QuerySet[Step]:
    return Step.objects.filter(goal_id__in=goal_ids).order_by("position", "pk")


def _attach_authors(items: list[Goal | Step], known: Iterable[User]) -> None:
    """Who wrote and who suggested each goal and step, for their names, without joining the accounts to them.

    Joining them (``select_related``, narrowed by ``defer``) cost more to compile than the rest of the query in
    Django 5.2 (it hashes each joined field's relations to build the select mask). The authors are nearly always
    people already loaded (the client writes their plan; the rest come from suggestions read with their
    suggesters), so usually no query is needed at all; anyone else is read in one, for their name alone."""
    people = {user.pk: user for user in known}
    missing = {item.written_by_id for item in items} | {item.suggested_by_id for item in items}
    missing -= {None, *people}
    if missing:
        people |= {user.pk: user for user in User.objects.filter(pk__in=missing).only("display_name")}
    for item in items:
        item.written_by = people[item.written_by_id]
        item.suggested_by = people[item.suggested_by_id] if item.suggested_by_id else None


def _visible_to(queryset: QuerySet, include_private: bool, goal_path: str = "goal") -> QuerySet:
    """Leave out private goals and everything about them, unless the viewer is the client."""
    if include_private:
        return queryset
    if not goal_path:
        return queryset.filter(is_private=False)
    return queryset.filter(Q(**{f"{goal_path}__isnull": True}) | Q(**{f"{goal_path}__is_private": False}))


def goals_to_link(client: Membership, *, include_private: bool) -> QuerySet[Goal]:
    """The client's goals a meeting can be linked to: private ones only when the client records it."""
    return _visible_to(Goal.objects.filter(client=client), include_private, goal_path="").order_by("created_at", "pk")


def _latest_milestones(client_id: int, include_private: bool, limit: int) -> QuerySet[Milestone]:
    """The latest milestones with their encouragements (two queries), only the fields the milestones list
    shows: an encouragement's author is read for their name alone, not the whole account."""
    encouragements = Encouragement.objects.select_related("author__user").only(
        "milestone_id", "text", "author__user__display_name"
    )
    milestones = _visible_to(Milestone.objects.filter(client_id=client_id), include_private)
    return milestones.prefetch_related(
        Prefetch("encouragements", queryset=encouragements, to_attr="encouragement_list")
    ).order_by("-created_at", "-pk")[:limit]


@Prepared
def _recent_milestones(client_id: int, *, include_private: bool, limit: int) -> QuerySet[Milestone]:
    with_wording = _latest_milestones(client_id, include_private, limit).select_related("goal", "step")
    return with_wording.only("created_at", "goal__text", "step__text")


def recent_milestones(client: Membership, *, include_private: bool, limit: int = RECENT_MILESTONES) -> list[Milestone]:
    """The latest milestones with the wording of their goal and step and their encouragements: two queries."""
    return _recent_milestones(client.pk, include_private=include_private, limit=limit)


def newest(*milestones: Iterable[Reached], limit: int = RECENT_MILESTONES) -> list[Reached]:
    """The latest ``limit`` of several lists of milestones, newest first: the plan's, merged by date with those
    the client chose to have from the group sessions they go to (``groups.queries.attendance_milestones``)."""
    return sorted(chain(*milestones), key=lambda milestone: milestone.reached_at, reverse=True)[:limit]


@dataclass(frozen=True)
class WaitingSuggestion:
    """A suggestion waiting for the client's decision, as "For you now" shows it."""

    pk: int
    text: str
    suggested_by_name: str


@Prepared
def _waiting_suggestions(client_id: int, *, limit: int) -> QuerySet[Any]:
    waiting = Suggestion.objects.filter(client_id=client_id, decision=Decision.PENDING).order_by("created_at", "pk")
    return waiting.values_list("pk", "text", "suggested_by__user__display_name")[:limit]


def waiting_suggestions(client: Membership, limit: int) -> list[WaitingSuggestion]:
    """Suggestions waiting for the client's decision (not those they saved for later), oldest first: one query,
    with only what "For you now" shows of them (the wording and who suggested it)."""
    return [WaitingSuggestion(*row) for row in _waiting_suggestions(client.pk, limit=limit)]


@Prepared
def _suggestions(client_id: int, *, include_private: bool) -> QuerySet[Suggestion]:
    suggestions = _visible_to(Suggestion.objects.filter(client_id=client_id), include_private)
    by_age = suggestions.select_related("suggested_by__user")  # whole accounts: narrowing them cost more
    return by_age.order_by("created_at", "pk")


@Prepared
def _goals(client_id: int, *, include_private: bool) -> QuerySet[Goal]:
    return _visible_to(Goal.objects.filter(client_id=client_id), include_private, "").order_by("created_at", "pk")


@Prepared
def _open_idea_requests(client_id: int) -> QuerySet[IdeaRequest]:
    open_requests = IdeaRequest.objects.filter(client_id=client_id, answered_at__isnull=True, goal__is_private=False)
    return open_requests.order_by("created_at", "pk")


@Prepared
def _plan_milestones(client_id: int, *, include_private: bool) -> QuerySet[Milestone]:
    return _latest_milestones(client_id, include_private, RECENT_MILESTONES).only("created_at", "goal", "step")


def plan_for(client: Membership, *, include_private: bool) -> Plan:
    """Everything "My plan" and the supporter's view show, grouped per goal in Python: five queries, and one more
    when a goal or step names someone neither the client nor among the suggesters (``_attach_authors``). Each
    is prepared (``alongside.core.prepared``): built and compiled once per worker."""
    suggestions = _suggestions(client.pk, include_private=include_private)
    known = [client.user, *(suggestion.suggested_by.user for suggestion in suggestions)]
    goals = _with_steps(_goals(client.pk, include_private=include_private), known)
    idea_requests = _open_idea_requests(client.pk)
    by_goal: dict[int | None, list[Suggestion]] = defaultdict(list)
    for suggestion in suggestions:
        if suggestion.decision in OPEN_DECISIONS:
            by_goal[suggestion.goal_id].append(suggestion)
    asked = {request.goal_id: request for request in idea_requests}
    goals_by_id = {goal.pk: goal for goal in goals}
    steps_by_id = {step.pk: step for goal in goals for step in goal.step_list}
    for goal in goals:
        goal.open_suggestions = by_goal.get(goal.pk, [])
        goal.open_idea_request = asked.get(goal.pk)
    for suggestion in suggestions:  # attach what they are about without another query
        suggestion.goal = goals_by_id.get(suggestion.goal_id) if suggestion.goal_id else None
        suggestion.step = steps_by_id.get(suggestion.step_id) if suggestion.step_id else None
    for request in idea_requests:
        request.goal = goals_by_id[request.goal_id]
    milestones = _plan_milestones(client.pk, include_private=include_private)
    for milestone in milestones:  # their goal and step are among those just read, unless the data is inconsistent
        if milestone.goal_id in goals_by_id:
            milestone.goal = goals_by_id[milestone.goal_id]
        if milestone.step_id in steps_by_id:
            milestone.step = steps_by_id[milestone.step_id]
    return Plan(
        client=client,
        goals=goals,
        suggestions=suggestions,
        idea_requests=idea_requests,
        milestones=milestones,
        autonomy=autonomy(goals, suggestions),
    )


def goal_card(goal_id: int) -> Goal:
    """One goal as "My plan" shows it, for htmx to swap in after a change."""
    [found] = _with_steps(list(Goal.objects.filter(pk=goal_id)))
    suggestions = list(
        Suggestion.objects.filter(goal_id=goal_id, decision__in=OPEN_DECISIONS).select_related(
            "suggested_by__user", "step"
        )
    )
    found.open_suggestions = suggestions
    found.open_idea_request = IdeaRequest.objects.filter(goal_id=goal_id, answered_at__isnull=True).first()
    return found


@dataclass
class HistoryEntry:
    revision: Revision
    changes: list[FieldChange]
    restorable: bool = False  # an earlier wording of its item, not the one in the plan now


def goal_history(goal: Goal) -> list[HistoryEntry]:
    """Every revision of a goal and its steps, newest first, each with what changed since the one before."""
    revisions = list(goal.revisions.select_related("changed_by", "suggested_by", "step").order_by("created_at", "pk"))
    previous: dict[int | None, str] = {}
    entries = []
    for revision in revisions:
        entries.append(HistoryEntry(revision, changes(previous.get(revision.step_id), revision.snapshot)))
        previous[revision.step_id] = revision.snapshot
    entries.reverse()
    current: set[int | None] = set()
    for entry in entries:
        if entry.revision.change == Change.STATUS:
            continue
        entry.restorable = entry.revision.step_id in current
        current.add(entry.revision.step_id)
    return entries


def journal(client: Membership, *, include_private: bool) -> QuerySet[JournalEntry]:
    entries = JournalEntry.objects.filter(client=client).order_by("-created_at", "-pk")
    return entries if include_private else entries.filter(is_private=False)
