"""Dashboard sections for an organisation or one peer supporter over a period, built from ``figures.Figures``.

The organisation's figures come from the day tallies, one peer supporter's from their clients' records
(``figures.py``); both give the same numbers. Every figure carries how many people it is about, so the
organisation view can hide any cell about fewer than ``SMALL_CELL`` people. Private goals, and suggestions
about them, are left out: they are the client's alone. See docs/reports.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import OuterRef, Subquery

from alongside.accounts.models import Membership
from alongside.conversations.figures import waits
from alongside.feedback.models import Questionnaire, RequestStatus, Response
from alongside.feedback.reliability import reliabilities_for
from alongside.feedback.scoring import Change, Reliability, clinically_significant, reliable_change
from alongside.plans.models import Decision

from .figures import Figures, Scope, clients_in, from_records, from_tallies
from .periods import Period

SMALL_CELL = 11
HIDDEN = "fewer than 11"
NOT_ENOUGH_DATA = "not enough data"
WEEKS = "Week starting on Monday"
WAITING = {RequestStatus.OPEN.value: "Not answered yet"}  # "Waiting for you" is the client's word for it
CHANGE_NAMES = {  # on the chart, where four must fit side by side on a phone
    Change.IMPROVED: "Improved",
    Change.NO_RELIABLE_CHANGE: "No reliable change",
    Change.WORSENED: "Worsened",
    Change.NOT_ENOUGH_DATA: "Not enough data",
}
CHANGE_MEASURES = ("wellbeing", "recovery")


@dataclass(frozen=True)
class Cell:
    label: str
    value: float | None  # None: not enough data to say
    people: int  # how many people the figure is about
    unit: str = ""
    hidden: bool = False
    short: str = ""  # its name on the chart, when the label is too long to fit there
    drawn: bool = True  # False: a figure for the table only (a part of another cell, say)

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
    axes: tuple[str, str] = ("", "")  # the chart's titles for its values and for its categories or time


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def people_supported(figures: Figures) -> Section:
    cell = Cell("People supported", figures.clients, figures.clients)
    return Section(
        "people", "People supported", "People with a peer supporter at any time in the period.", [cell], "number"
    )


def meetings_per_week(figures: Figures, period: Period) -> Section:
    cells = [
        Cell(f"Week of {monday:%-d %b}", week.events, week.people, short=f"{monday:%-d %b}")
        for monday, week in figures.meetings.items()
    ]
    total = sum(week.events for week in figures.meetings.values())
    notes = [f"{total / period.weeks:,.1f} meetings a week on average ({total:,} in {period.days} days)."]
    about = "Meetings held each week (weeks start on Monday)."
    return Section("meetings", "Meetings per week", about, cells, notes=notes, axes=("Meetings", WEEKS))


def checkin_response_rate(figures: Figures) -> Section:
    offered = sum(counted.events for counted in figures.checkins.values())
    cells = [
        Cell(
            RequestStatus(status).label,
            _share(counted.events, offered),
            counted.people,
            "%",
            short=WAITING.get(status, ""),
        )
        for status, counted in figures.checkins.items()
    ]
    about = "Of the check-ins offered in the period, the share answered, skipped and still waiting."
    notes = [f"{offered:,} offered."]
    return Section("checkins", "Check-in response rate", about, cells, high=100, notes=notes, axes=("% of offered", ""))


def session_trend(figures: Figures, session: Questionnaire | None) -> Section:
    about = "The average session check-in total each week, as a share of the highest possible total."
    axes = ("% of the highest total", WEEKS)
    if session is None:
        return Section("session", "Session check-in trend", about, [], "line", high=100, axes=axes)
    highest = session.parsed.highest or 1
    cells = [
        Cell(
            f"Week of {monday:%-d %b}",
            round(100 * week.total / week.events / highest, 1) if week.events else None,
            week.people,
            "%",
            short=f"{monday:%-d %b}",
        )
        for monday, week in figures.session.items()
    ]
    return Section("session", "Session check-in trend", about, cells, "line", high=100, axes=axes)


def reliable_change_section(
    scope: Scope, period: Period, measure: Questionnaire | None, purpose: str, clients: int, reliability: Reliability
) -> Section:
    """Each client's first and last total in the period (SQL), compared with ``feedback.scoring``."""
    title = f"Reliable change: {measure.title if measure else purpose}"
    about = "People whose first and last totals in the period differ by more than chance allows (Jacobson and Truax)."
    counts = dict.fromkeys(CHANGE_NAMES, 0)
    significant = 0
    if measure is None or not reliability.known:
        counts[Change.NOT_ENOUGH_DATA] = clients
        notes = [f"Reliable change cannot be worked out: {reliability.reason}."]
    else:
        definition = measure.parsed
        direction = {"higher_is_better": definition.higher_is_better}
        for (first, last), people in _first_and_last(scope, period, measure).items():
            counts[reliable_change(first, last, reliability, **direction)] += people
            significant += people * bool(
                clinically_significant(first, last, definition.cutoff, reliability, **direction)
            )
        notes = [
            f"A change of more than {reliability.smallest_change:.1f} points counts as reliable. {reliability.source}"
        ]
    cells = [Cell(label.capitalize(), counts[label], counts[label], short=CHANGE_NAMES[label]) for label in counts]
    if measure is not None and measure.parsed.cutoff is not None and reliability.known:
        label = f"Improved and crossed the cut-off of {measure.parsed.cutoff:g} (clinically significant)"
        cells.append(Cell(label, significant, significant, drawn=False))
    axes = ("People", "From first to last answer in the period")
    return Section(f"change-{purpose}", title, about, cells, notes=notes, axes=axes)


def _first_and_last(scope: Scope, period: Period, measure: Questionnaire) -> Counter[tuple[int | None, int | None]]:
    """How many people had each (first, last) pair of totals; first is None with fewer than two answers.

    Totals are small whole numbers, so thousands of clients share a few hundred pairs.
    """
    answers = Response.objects.filter(period.q("submitted_at"), client=OuterRef("pk"), questionnaire=measure)
    in_order = answers.order_by("submitted_at", "pk").values("total")
    rows = (
        Membership.objects.filter(pk__in=clients_in(scope, period))
        .annotate(
            first=Subquery(in_order[:1]),
            second=Subquery(in_order[1:2]),  # only whether there are two: cheaper than counting them all
            last=Subquery(answers.order_by("-submitted_at", "-pk").values("total")[:1]),
        )
        .values_list("first", "second", "last")
    )
    return Counter((first if second is not None else None, last) for first, second, last in rows)


def conversation_prompts(figures: Figures) -> Section:
    waiting, talked = figures.prompts["open"], figures.prompts["answered"]
    cells = [
        Cell("Waiting for a conversation", waiting.events, waiting.people),
        Cell("Talked through", talked.events, talked.people),
    ]
    about = "Conversation prompts raised by check-ins in the period: still open, and answered by a supporter."
    return Section("prompts", "Conversation prompts", about, cells, axes=("Prompts", ""))


def response_times(scope: Scope, period: Period) -> Section:
    """The median time from a client's message to the first reply (docs/messages.md), from the messages."""
    found = waits(clients_in(scope, period), period.after, period.before)
    cells = [
        Cell("Median wait for a first reply", found.median_hours, found.answered_people, " hours"),
        Cell("Messages still waiting for a reply", found.unanswered, found.unanswered_people, drawn=False),
    ]
    about = "How long people waited for a first reply after writing a message in the period (the median)."
    return Section("responses", "Replies to messages", about, cells, "number")


def autonomy(figures: Figures) -> Section:
    goals, decisions = figures.goals, figures.decisions
    decided = sum(counted.events for counted in decisions.values())
    share = _share(goals.total, goals.events)
    cells = [Cell("Goals in the client's own words", share, goals.people, "%", short="Goals in own words")]
    cells += [
        Cell(
            f"Suggestions {Decision(d).label.lower()}",
            _share(counted.events, decided),
            counted.people,
            "%",
            short="Accepted, reworded" if d == Decision.REWORDED else Decision(d).label,
        )
        for d, counted in decisions.items()
    ]
    notes = [
        f"{goals.events:,} goals written, {decided:,} suggestions decided.",
        "Declining a suggestion is a client's right, not a failure.",
    ]
    about = "How much of the plans is the clients' own, and what clients decided about suggestions."
    axes = ("% of goals, or of suggestions decided", "")
    return Section("autonomy", "Autonomy", about, cells, high=100, notes=notes, axes=axes)


def group_attendance(figures: Figures) -> Section:
    attended = figures.groups
    cells = [
        Cell("Times people came to a group session", attended.events, attended.people),
        Cell("People who came to at least one", attended.people, attended.people),
    ]
    about = "Attendance at group sessions in the period (present or left early), by the people supported."
    return Section("groups", "Group sessions", about, cells, "number")


def figures_for(scope: Scope, period: Period, session: Questionnaire | None) -> Figures:
    """The organisation's from the day tallies; one peer supporter's from their clients' records."""
    if scope.supporter is None:
        return from_tallies(scope.organisation, period, session)
    return from_records(scope, period, session)


def dashboard(scope: Scope, period: Period) -> list[Section]:
    """Every section, with small cells hidden for the organisation view. A fixed number of queries."""
    measures = Questionnaire.objects.for_purposes(scope.organisation.pk, ["session", *CHANGE_MEASURES])
    reliability = reliabilities_for(
        [measure for purpose in CHANGE_MEASURES if (measure := measures[purpose])], scope.organisation.pk
    )
    figures = figures_for(scope, period, measures["session"])
    sections = [
        people_supported(figures),
        meetings_per_week(figures, period),
        checkin_response_rate(figures),
        session_trend(figures, measures["session"]),
        *(
            reliable_change_section(
                scope, period, measures[p], p, figures.clients, _reliability(measures[p], reliability)
            )
            for p in CHANGE_MEASURES
        ),
        conversation_prompts(figures),
        response_times(scope, period),
        autonomy(figures),
        group_attendance(figures),
    ]
    return [hide_small_cells(section) for section in sections] if scope.hides_small_cells else sections


def _reliability(measure: Questionnaire | None, known: dict[int, Reliability]) -> Reliability:
    return known[measure.pk] if measure else Reliability(missing="there is no check-in for this purpose")


def hide_small_cells(section: Section) -> Section:
    """Hide cells about 1 to 10 people (zero describes no one). In a group that adds up to a whole, hiding
    one cell would let it be worked out from the others, so the next smallest is hidden with it."""
    cells = [replace(cell, hidden=True) if 0 < cell.people < SMALL_CELL else cell for cell in section.cells]
    hidden = [cell for cell in cells if cell.hidden]
    shown = sorted((cell for cell in cells if not cell.hidden and cell.people), key=lambda cell: cell.people)
    if section.kind == "bars" and section.key != "meetings" and len(hidden) == 1 and shown:
        cells = [replace(cell, hidden=True) if cell is shown[0] else cell for cell in cells]
    return replace(section, cells=cells)
