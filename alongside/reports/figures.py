"""The numbers behind a dashboard, from one of two places that give the same figures.

- One peer supporter's: aggregate queries over the records of their clients (``from_records``); their
  caseload is small, so these are quick.
- The organisation's: the day tallies (``from_tallies``, see ``tallies.py``), two queries whatever the
  number of clients. Counting the records of a whole organisation took seconds at 10,000 clients.

``tests/reports/test_tallies.py`` checks that both give the same ``Figures`` after random writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from alongside.accounts.models import Assignment, Membership, Organisation
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire, RequestStatus, Response
from alongside.groups.models import ATTENDED, Attendance
from alongside.meetings.models import Meeting, Mode
from alongside.plans.models import Goal, Suggestion

from . import tallies
from .models import DayTally
from .periods import Period, midnight, monday_of

STATUSES = (RequestStatus.ANSWERED, RequestStatus.SKIPPED, RequestStatus.OPEN)
PROMPTS = {"open": tallies.PROMPT_OPEN, "answered": tallies.PROMPT_ANSWERED}


@dataclass(frozen=True)
class Scope:
    """The whole organisation (``supporter`` None, small cells hidden) or one peer supporter's work."""

    organisation: Organisation
    supporter: Membership | None = None

    @property
    def hides_small_cells(self) -> bool:
        return self.supporter is None


@dataclass(frozen=True)
class Counted:
    """How many things, and how many people they are about; ``total`` adds up a value of each."""

    events: int = 0
    people: int = 0
    total: int = 0


@dataclass(frozen=True)
class Figures:
    clients: int  # with an assignment (to the supporter) at some time in the period
    meetings: dict[date, Counted]  # by the Monday of each week in the period
    checkins: dict[str, Counted]  # by request status
    session: dict[date, Counted]  # total: the session check-in totals added up
    prompts: dict[str, Counted]  # "open" and "answered"
    goals: Counted  # total: goals in the client's own words
    decisions: dict[str, Counted]  # accepted, reworded, declined
    groups: Counted  # attendances at group sessions (present or left early), and by how many people


def clients_in(scope: Scope, period: Period) -> QuerySet[Assignment, Any]:
    """Ids of the clients walked alongside at any time in the period (by the supporter, if one is chosen)."""
    assignments = Assignment.objects.filter(organisation=scope.organisation, started_at__lt=period.before).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=period.after)
    )
    if scope.supporter is not None:
        assignments = assignments.filter(supporter=scope.supporter)
    return assignments.values("client_id")


def count_clients(scope: Scope, period: Period) -> int:
    return Membership.objects.filter(pk__in=clients_in(scope, period)).count()


# From the records: one peer supporter's figures, and the reference the tallies are tested against.


def from_records(scope: Scope, period: Period, session: Questionnaire | None) -> Figures:
    clients = clients_in(scope, period)
    of_clients = Q(organisation=scope.organisation, client_id__in=clients)
    requests = CheckinRequest.objects.filter(period.q("created_at"), of_clients)
    prompts = Prompt.objects.filter(period.q("created_at"), of_clients)
    open_ = Q(responded_at__isnull=True)
    return Figures(
        clients=count_clients(scope, period),
        meetings=_weekly(_meetings(scope, period), "held_at", period),
        checkins=_by_kind(requests, {status: Q(status=status) for status in STATUSES}),
        session=_session(scope, period, session, clients),
        prompts=_by_kind(prompts, {"open": open_, "answered": ~open_}),
        goals=_goals(period, of_clients),
        decisions=_by_kind(_decided(scope, period, of_clients), {d: Q(decision=d) for d in tallies.DECIDED}),
        groups=_attended(period, of_clients),
    )


def _attended(period: Period, of_clients: Q) -> Counted:
    """Attendances at group sessions that started in the period, by the clients counted (not the roster)."""
    found = Attendance.objects.filter(period.q("session__starts_at"), of_clients, status__in=ATTENDED).aggregate(
        events=Count("pk"), people=Count("client", distinct=True)
    )
    return Counted(found["events"], found["people"])


def _meetings(scope: Scope, period: Period) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(period.q("held_at"), organisation=scope.organisation).exclude(mode=Mode.GROUP)
    return meetings if scope.supporter is None else meetings.filter(supporter=scope.supporter)


def _session(
    scope: Scope, period: Period, session: Questionnaire | None, clients: QuerySet[Assignment, Any]
) -> dict[date, Counted]:
    if session is None:
        return dict.fromkeys(period.mondays(), Counted())
    responses = Response.objects.filter(
        period.q("submitted_at"), organisation=scope.organisation, questionnaire=session, client_id__in=clients
    )
    if scope.supporter is not None:
        responses = responses.filter(request__meeting__supporter=scope.supporter)
    return _weekly(responses, "submitted_at", period, total="total")


def _goals(period: Period, of_clients: Q) -> Counted:
    goals = Goal.objects.filter(period.q("created_at"), of_clients, is_private=False).aggregate(
        all=Count("pk"), own=Count("pk", filter=Q(suggested_by__isnull=True)), people=Count("client", distinct=True)
    )
    return Counted(goals["all"], goals["people"], goals["own"])


def _decided(scope: Scope, period: Period, of_clients: Q) -> QuerySet[Suggestion]:
    suggestions = Suggestion.objects.filter(
        Q(goal__isnull=True) | Q(goal__is_private=False), period.q("decided_at"), of_clients
    )
    return suggestions if scope.supporter is None else suggestions.filter(suggested_by=scope.supporter)


def _by_kind(queryset: QuerySet[Any], kinds: dict[str, Q]) -> dict[str, Counted]:
    """How many of each kind, and how many people, in one aggregate query."""
    figures = queryset.aggregate(
        **{f"n_{kind}": Count("pk", filter=q) for kind, q in kinds.items()},
        **{f"p_{kind}": Count("client", distinct=True, filter=q) for kind, q in kinds.items()},
    )
    return {kind: Counted(figures[f"n_{kind}"], figures[f"p_{kind}"]) for kind in kinds}


def _weekly(queryset: QuerySet[Any], moment: str, period: Period, total: str | None = None) -> dict[date, Counted]:
    """Each week's count, people and ``total`` (keyed by its Monday), grouped by the database.

    The week is a CASE over the period's week boundaries rather than a date function: plain comparisons,
    the same on every database, and much faster on SQLite (where date functions run in Python)."""
    mondays = period.mondays()
    weeks = [
        When(**{f"{moment}__gte": midnight(monday), f"{moment}__lt": midnight(monday + timedelta(weeks=1))}, then=index)
        for index, monday in enumerate(mondays)
    ]
    rows = (
        queryset.annotate(week=Case(*weeks, output_field=IntegerField()))
        .values("week")
        .annotate(
            events=Count("pk"),
            people=Count("client", distinct=True),
            added=Sum(total) if total else Value(0),
        )
        .order_by()
    )
    weekly = dict.fromkeys(mondays, Counted())
    for row in rows:
        if row["week"] is not None:
            weekly[mondays[row["week"]]] = Counted(row["events"], row["people"], row["added"])
    return weekly


# From the tallies: the organisation's figures.


def from_tallies(organisation: Organisation, period: Period, session: Questionnaire | None) -> Figures:
    """Add up the period's tally rows: events, totals, and the clients whose first day in the period (or in
    the week, for weekly figures) it was. Rows of clients without an assignment in the period are left out."""
    rows = DayTally.objects.filter(organisation=organisation, day__gte=period.start, day__lte=period.end).exclude(
        unassigned_from__lte=period.start, unassigned_to__gte=period.end
    )
    wide = _period_wide(rows, period)
    session_measure = tallies.session(session.pk) if session else ""
    weekly = _by_week(rows.filter(measure__in=[tallies.MEETING, session_measure]), period)
    return Figures(
        clients=count_clients(Scope(organisation), period),
        meetings={monday: weekly[tallies.MEETING, monday] for monday in period.mondays()},
        checkins={status: wide[tallies.checkin(status)] for status in STATUSES},
        session={monday: weekly[session_measure, monday] for monday in period.mondays()},
        prompts={kind: wide[measure] for kind, measure in PROMPTS.items()},
        goals=wide[tallies.GOAL],
        decisions={decision: wide[tallies.suggestion(decision)] for decision in tallies.DECIDED},
        groups=wide[tallies.GROUP],
    )


def _period_wide(rows: QuerySet[DayTally], period: Period) -> defaultdict[str, Counted]:
    """Each measure over the whole period, added up by the database."""
    sums = (
        rows.values("measure")
        .annotate(
            added_events=Sum("events"),
            added_people=Coalesce(Sum("clients", filter=Q(previous_day__lt=period.start)), 0),
            added_total=Sum("total"),
        )
        .order_by()
    )
    wide: defaultdict[str, Counted] = defaultdict(Counted)
    for row in sums:
        wide[row["measure"]] = Counted(row["added_events"], row["added_people"], row["added_total"])
    return wide


def _by_week(rows: QuerySet[DayTally], period: Period) -> defaultdict[tuple[str, date], Counted]:
    """Each measure week by week; the people of a week are those whose first day in the week's part of
    the period it was."""
    added: defaultdict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    days = rows.values_list("measure", "day", "previous_day").annotate(Sum("events"), Sum("clients"), Sum("total"))
    for measure, day, previous, events, clients, total in days.order_by():
        week = added[measure, monday_of(day)]
        week[0] += events
        week[1] += clients if previous < period.week_start(day) else 0
        week[2] += total
    weekly: defaultdict[tuple[str, date], Counted] = defaultdict(Counted)
    weekly.update((key, Counted(*amounts)) for key, amounts in added.items())
    return weekly
