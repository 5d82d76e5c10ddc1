"""Dashboard figures for an organisation or one peer supporter over a period, computed in SQL.

Each section runs one or two aggregate queries whatever the amount of data (counts, averages and the
weekly series are grouped by the database). Every figure carries how many people it is about, so the
organisation view can hide any cell about fewer than ``SMALL_CELL`` people. Private goals, and
suggestions about them, are left out: they are the client's alone. See docs/reports.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from alongside.accounts.models import Assignment, Membership, Organisation
from alongside.feedback.models import CheckinRequest, Prompt, Questionnaire, RequestStatus, Response
from alongside.feedback.scoring import Change, reliable_change
from alongside.meetings.models import Meeting
from alongside.plans.models import Decision, Goal, Suggestion

SMALL_CELL = 11
HIDDEN = "fewer than 11"
NOT_ENOUGH_DATA = "not enough data"
DEFAULT_WEEKS = 12
CHANGE_MEASURES = ("wellbeing", "recovery")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included, in the site's time zone."""

    start: date
    end: date

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        end = today or timezone.localdate()
        return cls(end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7

    @property
    def after(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def before(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def mondays(self) -> list[date]:
        first = self.start - timedelta(days=self.start.weekday())
        return [first + timedelta(weeks=n) for n in range((self.end - first).days // 7 + 1)]

    def q(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.after, f"{field_name}__lt": self.before})


@dataclass(frozen=True)
class Scope:
    """The whole organisation (``supporter`` None, small cells hidden) or one peer supporter's work."""

    organisation: Organisation
    supporter: Membership | None = None

    @property
    def hides_small_cells(self) -> bool:
        return self.supporter is None


@dataclass(frozen=True)
class Cell:
    label: str
    value: float | None  # None: not enough data to say
    people: int  # how many people the figure is about
    unit: str = ""
    hidden: bool = False

    @property
    def shown(self) -> str:
        if self.hidden:
            return HIDDEN
        if self.value is None:
            return NOT_ENOUGH_DATA
        number = f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,.1f}"
        return f"{number}{self.unit}"

    @property
    def exported(self) -> float | str:
        """The plain number for a CSV or the API, or why there is none."""
        if self.hidden:
            return HIDDEN
        return NOT_ENOUGH_DATA if self.value is None else self.value

    @property
    def plotted(self) -> float | None:
        return None if self.hidden else self.value


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    about: str
    cells: list[Cell]
    kind: str = "bars"  # how to draw it: "bars", "line" or "number"
    high: float | None = None  # top of the chart's scale, when it is fixed (e.g. 100%)
    notes: list[str] = field(default_factory=list)


def _clients_in(scope: Scope, period: Period) -> QuerySet[Assignment, Any]:
    """Ids of the clients walked alongside at any time in the period (by the supporter, if one is chosen)."""
    assignments = Assignment.objects.filter(organisation=scope.organisation, started_at__lt=period.before).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=period.after)
    )
    if scope.supporter is not None:
        assignments = assignments.filter(supporter=scope.supporter)
    return assignments.values("client_id")


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _weekly(queryset: QuerySet[Any], moment: str, period: Period, **figures: Any) -> dict[date, dict[str, Any]]:
    """``figures`` and the number of people per week (keyed by its Monday), grouped by the database.

    The week is a CASE over the period's week boundaries rather than a date function: plain comparisons,
    the same on every database, and much faster on SQLite (where date functions run in Python)."""
    mondays = period.mondays()
    starts = [timezone.make_aware(datetime.combine(monday, time.min)) for monday in mondays]
    weeks = [
        When(**{f"{moment}__gte": start, f"{moment}__lt": start + timedelta(weeks=1)}, then=Value(index))
        for index, start in enumerate(starts)
    ]
    rows = (
        queryset.annotate(week=Case(*weeks, output_field=IntegerField()))
        .values("week")
        .annotate(people=Count("client", distinct=True), **figures)
        .order_by()
    )
    return {mondays[row["week"]]: row for row in rows if row["week"] is not None}


def people_supported(scope: Scope, period: Period) -> Section:
    count = Membership.objects.filter(pk__in=_clients_in(scope, period)).count()
    cell = Cell("People supported", count, count)
    return Section(
        "people", "People supported", "People with a peer supporter at any time in the period.", [cell], "number"
    )


def meetings_per_week(scope: Scope, period: Period) -> Section:
    meetings = Meeting.objects.filter(period.q("held_at"), organisation=scope.organisation)
    if scope.supporter is not None:
        meetings = meetings.filter(supporter=scope.supporter)
    weekly = _weekly(meetings, "held_at", period, meetings=Count("pk"))
    cells = [
        Cell(
            f"Week of {monday:%-d %b}",
            weekly[monday]["meetings"] if monday in weekly else 0,
            weekly[monday]["people"] if monday in weekly else 0,
        )
        for monday in period.mondays()
    ]
    total = sum(int(cell.value or 0) for cell in cells)
    notes = [f"{total / period.weeks:,.1f} meetings a week on average ({total:,} in {period.days} days)."]
    about = "Meetings held each week (weeks start on Monday)."
    return Section("meetings", "Meetings per week", about, cells, notes=notes)


def checkin_response_rate(scope: Scope, period: Period) -> Section:
    requests = CheckinRequest.objects.filter(
        period.q("created_at"), organisation=scope.organisation, client_id__in=_clients_in(scope, period)
    )
    statuses = [RequestStatus.ANSWERED, RequestStatus.SKIPPED, RequestStatus.OPEN]
    figures = requests.aggregate(
        all=Count("pk"),
        **{f"n_{s}": Count("pk", filter=Q(status=s)) for s in statuses},
        **{f"p_{s}": Count("client", distinct=True, filter=Q(status=s)) for s in statuses},
    )
    cells = [
        Cell(RequestStatus(s).label, _share(figures[f"n_{s}"], figures["all"]), figures[f"p_{s}"], "%")
        for s in statuses
    ]
    about = "Of the check-ins offered in the period, the share answered, skipped and still waiting."
    return Section("checkins", "Check-in response rate", about, cells, high=100, notes=[f"{figures['all']:,} offered."])


def session_trend(scope: Scope, period: Period, session: Questionnaire | None) -> Section:
    about = "The average session check-in total each week, as a share of the highest possible total."
    if session is None:
        return Section("session", "Session check-in trend", about, [], "line", high=100)
    highest = session.parsed.highest or 1
    responses = Response.objects.filter(
        period.q("submitted_at"),
        organisation=scope.organisation,
        questionnaire=session,
        client_id__in=_clients_in(scope, period),
    )
    if scope.supporter is not None:
        responses = responses.filter(request__meeting__supporter=scope.supporter)
    weekly = _weekly(responses, "submitted_at", period, average=Avg("total"))
    cells = [
        Cell(
            f"Week of {monday:%-d %b}",
            round(100 * weekly[monday]["average"] / highest, 1) if monday in weekly else None,
            weekly[monday]["people"] if monday in weekly else 0,
            "%",
        )
        for monday in period.mondays()
    ]
    return Section("session", "Session check-in trend", about, cells, "line", high=100)


def reliable_change_section(scope: Scope, period: Period, measure: Questionnaire | None, purpose: str) -> Section:
    """Each client's first and last total in the period (SQL), compared with ``feedback.scoring``."""
    title = f"Reliable change: {measure.title if measure else purpose}"
    about = "People whose first and last totals in the period differ by more than chance allows (Jacobson and Truax)."
    clients = Membership.objects.filter(pk__in=_clients_in(scope, period))
    labels = [Change.IMPROVED, Change.NO_RELIABLE_CHANGE, Change.WORSENED, Change.NOT_ENOUGH_DATA]
    counts = dict.fromkeys(labels, 0)
    notes = []
    if measure is None or not measure.parsed.reliability.known:
        counts[Change.NOT_ENOUGH_DATA] = clients.count()
        notes.append("The reliability of this check-in is not known, so reliable change cannot be worked out.")
    else:
        definition = measure.parsed
        answers = Response.objects.filter(period.q("submitted_at"), client=OuterRef("pk"), questionnaire=measure)
        rows = clients.annotate(
            first=Subquery(answers.order_by("submitted_at", "pk").values("total")[:1]),
            last=Subquery(answers.order_by("-submitted_at", "-pk").values("total")[:1]),
            answered=Subquery(answers.order_by().values("client").annotate(n=Count("pk")).values("n")),
        ).values_list("first", "last", "answered")
        for first, last, answered in rows:
            enough = answered is not None and answered >= 2
            change = reliable_change(
                first if enough else None, last, definition.reliability, higher_is_better=definition.higher_is_better
            )
            counts[change] += 1
    cells = [Cell(label.capitalize(), counts[label], counts[label]) for label in labels]
    return Section(f"change-{purpose}", title, about, cells, notes=notes)


def conversation_prompts(scope: Scope, period: Period) -> Section:
    prompts = Prompt.objects.filter(
        period.q("created_at"), organisation=scope.organisation, client_id__in=_clients_in(scope, period)
    )
    open_, answered = Q(responded_at__isnull=True), Q(responded_at__isnull=False)
    figures = prompts.aggregate(
        open=Count("pk", filter=open_),
        answered=Count("pk", filter=answered),
        open_people=Count("client", distinct=True, filter=open_),
        answered_people=Count("client", distinct=True, filter=answered),
    )
    cells = [
        Cell("Waiting for a conversation", figures["open"], figures["open_people"]),
        Cell("Talked through", figures["answered"], figures["answered_people"]),
    ]
    about = "Conversation prompts raised by check-ins in the period: still open, and answered by a supporter."
    return Section("prompts", "Conversation prompts", about, cells)


def autonomy(scope: Scope, period: Period) -> Section:
    clients = _clients_in(scope, period)
    goals = Goal.objects.filter(
        period.q("created_at"), organisation=scope.organisation, client_id__in=clients, is_private=False
    ).aggregate(
        all=Count("pk"),
        own=Count("pk", filter=Q(suggested_by__isnull=True)),
        people=Count("client", distinct=True),
    )
    suggestions = Suggestion.objects.filter(
        Q(goal__isnull=True) | Q(goal__is_private=False),
        period.q("decided_at"),
        organisation=scope.organisation,
        client_id__in=clients,
    )
    if scope.supporter is not None:
        suggestions = suggestions.filter(suggested_by=scope.supporter)
    decisions = [Decision.ACCEPTED, Decision.REWORDED, Decision.DECLINED]
    decided = suggestions.aggregate(
        all=Count("pk", filter=Q(decision__in=decisions)),
        **{f"n_{d}": Count("pk", filter=Q(decision=d)) for d in decisions},
        **{f"p_{d}": Count("client", distinct=True, filter=Q(decision=d)) for d in decisions},
    )
    cells = [Cell("Goals in the client's own words", _share(goals["own"], goals["all"]), goals["people"], "%")]
    cells += [
        Cell(
            f"Suggestions {Decision(d).label.lower()}",
            _share(decided[f"n_{d}"], decided["all"]),
            decided[f"p_{d}"],
            "%",
        )
        for d in decisions
    ]
    notes = [
        f"{goals['all']:,} goals written, {decided['all']:,} suggestions decided.",
        "Declining a suggestion is a client's right, not a failure.",
    ]
    about = "How much of the plans is the clients' own, and what clients decided about suggestions."
    return Section("autonomy", "Autonomy", about, cells, high=100, notes=notes)


def dashboard(scope: Scope, period: Period) -> list[Section]:
    """Every section, with small cells hidden for the organisation view. A fixed number of queries."""
    measures = {
        purpose: Questionnaire.objects.for_purpose(scope.organisation.pk, purpose)
        for purpose in ("session", *CHANGE_MEASURES)
    }
    sections = [
        people_supported(scope, period),
        meetings_per_week(scope, period),
        checkin_response_rate(scope, period),
        session_trend(scope, period, measures["session"]),
        *(reliable_change_section(scope, period, measures[p], p) for p in CHANGE_MEASURES),
        conversation_prompts(scope, period),
        autonomy(scope, period),
    ]
    return [hide_small_cells(section) for section in sections] if scope.hides_small_cells else sections


def hide_small_cells(section: Section) -> Section:
    """Hide cells about 1 to 10 people (zero describes no one). In a group that adds up to a whole, hiding
    one cell would let it be worked out from the others, so the next smallest is hidden with it."""
    cells = [replace(cell, hidden=True) if 0 < cell.people < SMALL_CELL else cell for cell in section.cells]
    hidden = [cell for cell in cells if cell.hidden]
    shown = sorted((cell for cell in cells if not cell.hidden and cell.people), key=lambda cell: cell.people)
    if section.kind == "bars" and section.key != "meetings" and len(hidden) == 1 and shown:
        cells = [replace(cell, hidden=True) if cell is shown[0] else cell for cell in cells]
    return replace(section, cells=cells)
