"""Dashboard sections for an organisation or one peer supporter over a period, built from ``figures.Figures``.

The organisation's figures come from the day tallies, one peer supporter's from their clients' records
(``figures.py``); both give the same numbers. Every figure carries how many people it is about, so the
organisation view can hide any cell about fewer than ``SMALL_CELL`` people. Private goals, and suggestions
about them, are left out: they are the client's alone. The counts behind the sections are kept between
views until the organisation's figures version changes (``counts_for``). See docs/reports.md.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast

from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext, gettext_noop

from alongside.accounts.models import Membership
from alongside.conversations.figures import Waits, waits
from alongside.feedback.models import Questionnaire, RequestStatus, Response
from alongside.feedback.reliability import reliabilities_for
from alongside.feedback.scoring import Change, Reliability, clinically_significant, reliable_change
from alongside.plans.models import Decision

from . import versions
from .figures import Figures, Scope, clients_in, from_records, from_tallies
from .periods import Period

SMALL_CELL = 11
# Words people read are marked here and said in their language when a page is made (gettext in the functions
# below); exports and the API's ``exported`` values keep the English codes "fewer than 11" and "not enough data".
HIDDEN = gettext_noop("fewer than 11")
NOT_ENOUGH_DATA = gettext_noop("not enough data")
HOURS = gettext_noop(" hours")
WEEKS = gettext_noop("Week starting on Monday")
WAITING = {RequestStatus.OPEN.value: gettext_noop("Not answered yet")}  # "Waiting for you" is the client's word
CHANGE_NAMES = {  # on the chart, where four must fit side by side on a phone
    Change.IMPROVED: gettext_noop("Improved"),
    Change.NO_RELIABLE_CHANGE: gettext_noop("No reliable change"),
    Change.WORSENED: gettext_noop("Worsened"),
    Change.NOT_ENOUGH_DATA: gettext_noop("Not enough data"),
}
CHANGE_LABELS = {  # in the table and the chart's description
    Change.IMPROVED: gettext_noop("Reliable improvement"),
    Change.NO_RELIABLE_CHANGE: gettext_noop("No reliable change"),
    Change.WORSENED: gettext_noop("Reliable worsening"),
    Change.NOT_ENOUGH_DATA: gettext_noop("Not enough data"),
}
PURPOSES = {"wellbeing": gettext_noop("wellbeing"), "recovery": gettext_noop("recovery")}
SUGGESTIONS = {  # what clients decided about suggestions, one whole label each so Spanish can agree in gender
    Decision.PENDING: gettext_noop("Suggestions waiting for a decision"),
    Decision.LATER: gettext_noop("Suggestions saved for later"),
    Decision.ACCEPTED: gettext_noop("Suggestions accepted"),
    Decision.REWORDED: gettext_noop("Suggestions accepted in their own words"),
    Decision.DECLINED: gettext_noop("Suggestions declined"),
}
CHANGE_MEASURES = ("wellbeing", "recovery")
CACHED_SECONDS = 24 * 60 * 60  # only to let unused counts go: a write makes them unusable at once (versions.py)
Pairs = Counter[tuple[int | None, int | None]]  # how many people had each (first, last) pair of totals


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
            return gettext(HIDDEN)
        if self.value is None:
            return gettext(NOT_ENOUGH_DATA)
        return f"{_number(self.value)}{gettext(HOURS) if self.unit == HOURS else self.unit}"

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


def _number(value: float, decimals: int | None = None) -> str:
    """A figure as the person's language writes it: 1,234.5 in English, 1.234,5 in Spanish."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimals, force_grouping=True)


@functools.lru_cache(maxsize=256)  # a few periods' weeks in two languages
def week_names(monday: date, language: str) -> tuple[str, str]:
    """A week's name in full and, for the chart, short: "Week of 2 November" and "2 November". The same for
    every dashboard in the same language, and formatting the date and translating cost more than the rest of a
    week's cell, a dozen weeks a section. ``language`` is the key only: both read the active language
    themselves. Formats and translations otherwise change only with the settings (``_forget_week_names``)."""
    day = date_format(monday, "MONTH_DAY_FORMAT")
    return gettext("Week of %(day)s") % {"day": day}, day


@receiver(setting_changed)
def _forget_week_names(**kwargs: object) -> None:
    """A changed setting (in tests) may change how dates are written, or the language."""
    week_names.cache_clear()


def week_cell(monday: date, value: float | None, people: int, unit: str = "") -> Cell:
    """A week's cell, named by its Monday in full and, on the chart, short."""
    label, day = week_names(monday, get_language())
    return Cell(label, value, people, unit, short=day)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def people_supported(figures: Figures) -> Section:
    title = gettext("People supported")
    cell = Cell(title, figures.clients, figures.clients)
    about = gettext("People with a peer supporter at any time in the period.")
    return Section("people", title, about, [cell], "number")


def meetings_per_week(figures: Figures, period: Period) -> Section:
    cells = [week_cell(monday, week.events, week.people) for monday, week in figures.meetings.items()]
    total = sum(week.events for week in figures.meetings.values())
    average = {"average": _number(total / period.weeks, 1), "total": _number(total, 0), "days": period.days}
    notes = [gettext("%(average)s meetings a week on average (%(total)s in %(days)s days).") % average]
    about = gettext("Meetings held each week (weeks start on Monday).")
    axes = (gettext("Meetings"), gettext(WEEKS))
    return Section("meetings", gettext("Meetings per week"), about, cells, notes=notes, axes=axes)


def checkin_response_rate(figures: Figures) -> Section:
    offered = sum(counted.events for counted in figures.checkins.values())
    cells = [
        Cell(
            str(RequestStatus(status).label),
            _share(counted.events, offered),
            counted.people,
            "%",
            short=gettext(WAITING[status]) if status in WAITING else "",
        )
        for status, counted in figures.checkins.items()
    ]
    about = gettext("Of the check-ins offered in the period, the share answered, skipped and still waiting.")
    notes = [gettext("%(count)s offered.") % {"count": _number(offered, 0)}]
    title = gettext("Check-in response rate")
    # xgettext:no-python-format
    share = gettext("% of offered")
    return Section("checkins", title, about, cells, high=100, notes=notes, axes=(share, ""))


def session_trend(figures: Figures, session: Questionnaire | None) -> Section:
    about = gettext("The average session check-in total each week, as a share of the highest possible total.")
    # xgettext:no-python-format
    share = gettext("% of the highest total")
    axes = (share, gettext(WEEKS))
    title = gettext("Session check-in trend")
    if session is None:
        return Section("session", title, about, [], "line", high=100, axes=axes)
    highest = session.parsed.highest or 1
    cells = [
        week_cell(monday, round(100 * week.total / week.events / highest, 1) if week.events else None, week.people, "%")
        for monday, week in figures.session.items()
    ]
    return Section("session", title, about, cells, "line", high=100, axes=axes)


def reliable_change_section(
    pairs: Pairs, measure: Questionnaire | None, purpose: str, clients: int, reliability: Reliability
) -> Section:
    """Each client's first and last total in the period (``first_and_last``), compared with ``feedback.scoring``."""
    named = measure.shown.title if measure else gettext(PURPOSES[purpose]) if purpose in PURPOSES else purpose
    title = gettext("Reliable change: %(measure)s") % {"measure": named}
    about = gettext(
        "People whose first and last totals in the period differ by more than chance allows (Jacobson and Truax)."
    )
    counts = dict.fromkeys(CHANGE_NAMES, 0)
    significant = 0
    if measure is None or not reliability.known:
        counts[Change.NOT_ENOUGH_DATA] = clients
        notes = [gettext("Reliable change cannot be worked out: %(reason)s.") % {"reason": reliability.reason}]
    else:
        definition = measure.parsed
        direction = {"higher_is_better": definition.higher_is_better}
        for (first, last), people in pairs.items():
            counts[reliable_change(first, last, reliability, **direction)] += people
            significant += people * bool(
                clinically_significant(first, last, definition.cutoff, reliability, **direction)
            )
        smallest = _number(reliability.smallest_change or 0.0, 1)
        notes = [
            gettext("A change of more than %(points)s points counts as reliable.") % {"points": smallest}
            + f" {reliability.source}"
        ]
    cells = [
        Cell(gettext(CHANGE_LABELS[label]), counts[label], counts[label], short=gettext(CHANGE_NAMES[label]))
        for label in counts
    ]
    if measure is not None and measure.parsed.cutoff is not None and reliability.known:
        cutoff = {"cutoff": number_format(f"{measure.parsed.cutoff:g}")}
        label = gettext("Improved and crossed the cut-off of %(cutoff)s (clinically significant)") % cutoff
        cells.append(Cell(label, significant, significant, drawn=False))
    axes = (gettext("People"), gettext("From first to last answer in the period"))
    return Section(f"change-{purpose}", title, about, cells, notes=notes, axes=axes)


def first_and_last(scope: Scope, period: Period, measure: Questionnaire) -> Pairs:
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
        Cell(gettext("Waiting for a conversation"), waiting.events, waiting.people),
        Cell(gettext("Talked through"), talked.events, talked.people),
    ]
    about = gettext("Conversation prompts raised by check-ins in the period: still open, and answered by a supporter.")
    return Section("prompts", gettext("Conversation prompts"), about, cells, axes=(gettext("Prompts"), ""))


def response_times(found: Waits) -> Section:
    """The median time from a client's message to the first reply (docs/messages.md), from the messages."""
    cells = [
        Cell(gettext("Median wait for a first reply"), found.median_hours, found.answered_people, HOURS),
        Cell(gettext("Messages still waiting for a reply"), found.unanswered, found.unanswered_people, drawn=False),
    ]
    about = gettext("How long people waited for a first reply after writing a message in the period (the median).")
    return Section("responses", gettext("Replies to messages"), about, cells, "number")


def autonomy(figures: Figures) -> Section:
    goals, decisions = figures.goals, figures.decisions
    decided = sum(counted.events for counted in decisions.values())
    share = _share(goals.total, goals.events)
    own = gettext("Goals in the client's own words")
    cells = [Cell(own, share, goals.people, "%", short=gettext("Goals in own words"))]
    cells += [
        Cell(
            gettext(SUGGESTIONS[Decision(d)]),
            _share(counted.events, decided),
            counted.people,
            "%",
            short=gettext("Accepted, reworded") if d == Decision.REWORDED else str(Decision(d).label),
        )
        for d, counted in decisions.items()
    ]
    counts = {"goals": _number(goals.events, 0), "decided": _number(decided, 0)}
    notes = [
        gettext("%(goals)s goals written, %(decided)s suggestions decided.") % counts,
        gettext("Declining a suggestion is a client's right, not a failure."),
    ]
    about = gettext("How much of the plans is the clients' own, and what clients decided about suggestions.")
    # xgettext:no-python-format
    axis = gettext("% of goals, or of suggestions decided")
    axes = (axis, "")
    return Section("autonomy", gettext("Autonomy"), about, cells, high=100, notes=notes, axes=axes)


def group_attendance(figures: Figures) -> Section:
    attended = figures.groups
    cells = [
        Cell(gettext("Times people came to a group session"), attended.events, attended.people),
        Cell(gettext("People who came to at least one"), attended.people, attended.people),
    ]
    about = gettext("Attendance at group sessions in the period (present or left early), by the people supported.")
    return Section("groups", gettext("Group sessions"), about, cells, "number")


def figures_for(scope: Scope, period: Period, session: Questionnaire | None) -> Figures:
    """The organisation's from the day tallies; one peer supporter's from their clients' records."""
    if scope.supporter is None:
        return from_tallies(scope.organisation, period, session)
    return from_records(scope, period, session)


@dataclass(frozen=True)
class Counts:
    """The numbers behind every section, in no one's language: what the cache keeps between views."""

    figures: Figures
    waits: Waits
    changes: dict[str, Pairs]  # by purpose, for the measures whose reliability is known


def count_all(
    scope: Scope, period: Period, session: Questionnaire | None, changing: dict[str, Questionnaire]
) -> Counts:
    """Everything the sections count, from the day tallies or the records: most of a dashboard's queries."""
    return Counts(
        figures=figures_for(scope, period, session),
        waits=waits(clients_in(scope, period), period.after, period.before),
        changes={purpose: first_and_last(scope, period, measure) for purpose, measure in changing.items()},
    )


def counts_for(
    scope: Scope, period: Period, session: Questionnaire | None, changing: dict[str, Questionnaire], version: int
) -> Counts:
    """The counts from the cache, if they were made at the organisation's figures version ``version``
    (``versions.py``); else counted now and kept. The key names everything the counts depend on: the
    organisation and the scope (so one viewer never gets what another's scope counted), the period, the
    version, and the measures counted (a new definition, or a reliability becoming known, counts anew).
    Small cells are hidden afterwards, on every view, and every word is put in the reader's language then."""
    supporter = scope.supporter.pk if scope.supporter else "all"
    measures = ",".join(f"{purpose}:{measure.pk}" for purpose, measure in sorted(changing.items()))
    key = (
        f"dashboard-counts:{scope.organisation.pk}:{supporter}:{period.start}:{period.end}:v{version}"
        f":session:{session.pk if session else ''}:{measures}"
    )
    counts = cache.get(key)
    if counts is None:
        counts = count_all(scope, period, session, changing)
        cache.set(key, counts, CACHED_SECONDS)
    return cast(Counts, counts)


def dashboard(scope: Scope, period: Period) -> list[Section]:
    """Every section, with small cells hidden for the organisation view. A fixed number of queries; fewer
    when the counts are in the cache. The version is read first: a write that commits while the counts are
    made bumps it, so counts that may include part of it are kept under the older version, never read."""
    version = versions.current(scope.organisation.pk)
    measures = Questionnaire.objects.for_purposes(scope.organisation.pk, ["session", *CHANGE_MEASURES])
    reliability = reliabilities_for(
        [measure for purpose in CHANGE_MEASURES if (measure := measures[purpose])], scope.organisation.pk
    )
    reliable = {purpose: _reliability(measures[purpose], reliability) for purpose in CHANGE_MEASURES}
    changing = {p: measure for p in CHANGE_MEASURES if (measure := measures[p]) and reliable[p].known}
    counts = counts_for(scope, period, measures["session"], changing, version)
    figures = counts.figures
    sections = [
        people_supported(figures),
        meetings_per_week(figures, period),
        checkin_response_rate(figures),
        session_trend(figures, measures["session"]),
        *(
            reliable_change_section(counts.changes.get(p, Counter()), measures[p], p, figures.clients, reliable[p])
            for p in CHANGE_MEASURES
        ),
        conversation_prompts(figures),
        response_times(counts.waits),
        autonomy(figures),
        group_attendance(figures),
    ]
    return [hide_small_cells(section) for section in sections] if scope.hides_small_cells else sections


def _reliability(measure: Questionnaire | None, known: dict[int, Reliability]) -> Reliability:
    return known[measure.pk] if measure else Reliability(missing=gettext("there is no check-in for this purpose"))


def hide_small_cells(section: Section) -> Section:
    """Hide cells about 1 to 10 people (zero describes no one). In a group that adds up to a whole, hiding
    one cell would let it be worked out from the others, so the next smallest is hidden with it."""
    cells = [replace(cell, hidden=True) if 0 < cell.people < SMALL_CELL else cell for cell in section.cells]
    hidden = [cell for cell in cells if cell.hidden]
    shown = sorted((cell for cell in cells if not cell.hidden and cell.people), key=lambda cell: cell.people)
    if section.kind == "bars" and section.key != "meetings" and len(hidden) == 1 and shown:
        cells = [replace(cell, hidden=True) if cell is shown[0] else cell for cell in cells]
    return replace(section, cells=cells)
