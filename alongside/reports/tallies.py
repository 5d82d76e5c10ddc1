"""Day tallies: the organisation dashboard's figures counted ahead, kept exact by the actions that write.

Why: at 10,000 clients a 12-week period holds 150,000 check-in offers, and counting the distinct people
among them took seconds. A ``DayTally`` row counts, for one organisation, measure and day, the events and
the clients for whom that day was their first such day since ``previous_day``. The people with at least
one event in a period [a, b] are then the clients of the rows with a <= day <= b and previous_day < a
(each person's first day in the period is the one whose previous day lies before it): a sum over a few
hundred rows a week, whatever the number of clients. Weeks work the same way from their first day.

The dashboard counts only clients with an assignment at some time in the period. A day on which the client
had one counts in every period around it; any other day carries the assignment-free stretch around it, and
counts in a period only if the period reaches out of that stretch (so into an assignment).

How rows stay exact: every action that changes what a client counts for runs inside ``kept(client_id)``,
in the action's transaction. It locks the client's membership row (so two writes for one client queue),
counts that client's part from their own records before and after the change, and adds the difference
with an upsert (``clients = clients + excluded.clients``): writes for different clients never lose a
count, whatever the interleaving. ``rebuild`` counts an organisation's tallies again from all its records
(after bulk loads, or a change of ``TIME_ZONE``); ``alongside reports rebuild`` runs it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from itertools import islice
from typing import TypeVar, cast

from django.db import connection, transaction
from django.db.models import Q

from alongside.accounts.models import Assignment, Membership, Organisation
from alongside.feedback.models import CheckinRequest, Prompt, Response
from alongside.groups.models import ATTENDED, Attendance
from alongside.meetings.models import Meeting, Mode
from alongside.plans.models import Decision, Goal, Suggestion

from . import versions
from .models import DayTally
from .periods import local_day

MEETING = "meeting"
GROUP = "group"  # attendance at a group session (present or left early)
GOAL = "goal"  # total: goals in the client's own words
PROMPT_OPEN, PROMPT_ANSWERED = "prompt.open", "prompt.answered"
DECIDED = (Decision.ACCEPTED, Decision.REWORDED, Decision.DECLINED)
COVERED = (date.max, date.min)  # the "stretch" of a day with an assignment: no period fits into it
NEVER = date.min
BATCH = 1000
UPSERT_ROWS = 100

# (organisation, measure, day, previous_day, unassigned_from, unassigned_to) -> [clients, events, total]
Key = tuple[int, str, date, date, date, date]
Tallies = dict[Key, list[int]]
Event = tuple[int, int, str, datetime, int]  # client, organisation, measure, moment, value
Item = TypeVar("Item")


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def checkin(status: str) -> str:
    return f"checkin.{status}"


def session(questionnaire_id: int) -> str:
    return f"session.{questionnaire_id}"


def suggestion(decision: str) -> str:
    return f"suggestion.{decision}"


def _events(client_ids: Sequence[int]) -> Iterator[Event]:
    """Everything the organisation dashboard counts about these clients, one event at a time."""
    mine = Q(client_id__in=client_ids)
    meetings = Meeting.objects.filter(mine).exclude(mode=Mode.GROUP)  # a group session counts as attendance
    for client, organisation, at in meetings.values_list("client_id", "organisation_id", "held_at"):
        yield client, organisation, MEETING, at, 0
    attended = Attendance.objects.filter(mine, status__in=ATTENDED)
    for client, organisation, at in attended.values_list("client_id", "organisation_id", "session__starts_at"):
        yield client, organisation, GROUP, at, 0
    requests = CheckinRequest.objects.filter(mine).values_list("client_id", "organisation_id", "created_at", "status")
    for client, organisation, at, status in requests:
        yield client, organisation, checkin(status), at, 0
    sessions = Response.objects.filter(mine, questionnaire__purpose="session").values_list(
        "client_id", "organisation_id", "questionnaire_id", "submitted_at", "total"
    )
    for client, organisation, questionnaire, at, total in sessions:
        yield client, organisation, session(questionnaire), at, total
    prompts = Prompt.objects.filter(mine).values_list("client_id", "organisation_id", "created_at", "responded_at")
    for client, organisation, at, responded in prompts:
        yield client, organisation, PROMPT_OPEN if responded is None else PROMPT_ANSWERED, at, 0
    goals = Goal.objects.filter(mine, is_private=False).values_list(
        "client_id", "organisation_id", "created_at", "suggested_by_id"
    )
    for client, organisation, at, suggested_by in goals:
        yield client, organisation, GOAL, at, int(suggested_by is None)
    decided = Suggestion.objects.filter(
        Q(goal__isnull=True) | Q(goal__is_private=False), mine, decided_at__isnull=False, decision__in=DECIDED
    ).values_list("client_id", "organisation_id", "decided_at", "decision")
    for client, organisation, decided_at, decision in decided:
        yield client, organisation, suggestion(decision), cast(datetime, decided_at), 0


def _assigned_days(client_ids: Sequence[int]) -> dict[tuple[int, int], list[tuple[date, date]]]:
    """Each client's assignments in each organisation as (first day, last day); still open: up to ``date.max``."""
    spans = defaultdict(list)
    rows = Assignment.objects.filter(client_id__in=client_ids).values_list(
        "client_id", "organisation_id", "started_at", "ended_at"
    )
    for client, organisation, started, ended in rows:
        spans[client, organisation].append((local_day(started), local_day(ended) if ended else date.max))
    return spans


def stretch(day: date, spans: Iterable[tuple[date, date]]) -> tuple[date, date]:
    """``COVERED`` if an assignment includes ``day``; otherwise the first and last day without one around it."""
    spans = list(spans)
    if any(first <= day <= last for first, last in spans):
        return COVERED
    ended = [last for first, last in spans if last < day]
    starts = [first for first, last in spans if first > day]
    return (
        max(ended) + timedelta(days=1) if ended else date.min,
        min(starts) - timedelta(days=1) if starts else date.max,
    )


def count(client_ids: Sequence[int]) -> Tallies:
    """What these clients add to their organisations' tallies, counted from their records."""
    spans = _assigned_days(client_ids)
    by_day: dict[tuple[int, int, str], dict[date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for client, organisation, measure, moment, value in _events(client_ids):
        amounts = by_day[client, organisation, measure][local_day(moment)]
        amounts[0] += 1
        amounts[1] += value
    tallies: Tallies = defaultdict(lambda: [0, 0, 0])
    for (client, organisation, measure), days in by_day.items():
        previous = NEVER
        for day in sorted(days):
            start, end = COVERED if measure == MEETING else stretch(day, spans[client, organisation])
            events, total = days[day]
            row = tallies[organisation, measure, day, previous, start, end]
            row[0], row[1], row[2] = row[0] + 1, row[1] + events, row[2] + total
            previous = day
    return tallies


def _difference(after: Tallies, before: Tallies) -> Tallies:
    change = {
        key: [a - b for a, b in zip(after.get(key, [0, 0, 0]), before.get(key, [0, 0, 0]), strict=True)]
        for key in after.keys() | before.keys()
    }
    return {key: amounts for key, amounts in change.items() if any(amounts)}


def add(tallies: Tallies) -> None:
    """Add ``tallies`` to the stored ones by upserts, in key order (so concurrent writers lock rows alike)."""
    table = connection.ops.quote_name(DayTally._meta.db_table)
    columns = "organisation_id, measure, day, previous_day, unassigned_from, unassigned_to, clients, events, total"
    keys = "organisation_id, day, measure, previous_day, unassigned_from, unassigned_to"
    adapt = connection.ops.adapt_datefield_value
    for chunk in _chunks(sorted(tallies.items()), UPSERT_ROWS):
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
        params = [
            value
            for (organisation, measure, *days), amounts in chunk
            for value in (organisation, measure, *(adapt(day) for day in days), *amounts)
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT ({keys}) DO UPDATE SET "  # noqa: S608 - names are ours
                f"clients = {table}.clients + excluded.clients, events = {table}.events + excluded.events, "
                f"total = {table}.total + excluded.total",
                params,
            )


_kept: ContextVar[frozenset[int]] = ContextVar("tallies_kept_for", default=frozenset())
_counted_later: ContextVar[bool] = ContextVar("tallies_counted_later", default=False)


@contextmanager
def counted_later() -> Iterator[None]:
    """Inside, actions leave the tallies alone; the caller must ``rebuild`` them afterwards. For loading many
    records in one transaction (the demo): one count at the end instead of two for every action."""
    token = _counted_later.set(True)
    try:
        yield
    finally:
        _counted_later.reset(token)


@contextmanager
def kept(client_id: int) -> Iterator[None]:
    """Keep the tallies exact across the writes in the ``with`` block, all about this client, in the same
    transaction (the caller's, or one of its own). Used again for the same client inside the block (an
    action calling another), it counts once. Inside ``counted_later`` it does nothing. It also bumps the
    organisation's figures version (``versions.py``), so the dashboards' cached figures go."""
    if _counted_later.get() or client_id in _kept.get():
        yield
        return
    with transaction.atomic(savepoint=False):
        # Also with no tally changed, a supporter's figures may be: the version goes up at commit.
        versions.changed(Membership.objects.values_list("organisation_id", flat=True).get(pk=client_id))
        list(Membership.objects.select_for_update(no_key=True).filter(pk=client_id).values_list("pk"))
        before = count([client_id])
        token = _kept.set(_kept.get() | {client_id})
        try:
            yield
        finally:
            _kept.reset(token)
        add(_difference(count([client_id]), before))


def add_client(client_id: int) -> None:
    """Count a client whose records were all written at once (an import): none of them was counted before."""
    versions.changed(Membership.objects.values_list("organisation_id", flat=True).get(pk=client_id))
    add(count([client_id]))


@transaction.atomic
def rebuild(organisation: Organisation) -> int:
    """Count the organisation's tallies again from its records; returns how many rows it has now.

    Its members are locked first, so actions wait for the rebuild instead of adding to rows it replaces."""
    versions.changed(organisation.pk)  # the records may have been written around the actions
    members = Membership.objects.select_for_update(no_key=True).filter(organisation=organisation).order_by("pk")
    client_ids = list(members.values_list("pk", flat=True))
    DayTally.objects.filter(organisation=organisation).delete()
    tallies: Tallies = defaultdict(lambda: [0, 0, 0])
    for batch in _chunks(client_ids, BATCH):
        for key, amounts in count(batch).items():
            if key[0] == organisation.pk:
                tallies[key] = [a + b for a, b in zip(tallies[key], amounts, strict=True)]
    add(tallies)
    return len(tallies)
