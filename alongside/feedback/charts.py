"""Trend charts drawn on the server as SVG: no JavaScript, and the same numbers as a table beside them.

Points are spaced evenly in the order the check-ins were answered, with the first, middle and last dates
under them. Each point is compared with the one before for reliable change (triangles), the same comparison
the prompt rule uses. The shaded band is the first shown total ± the smallest reliable change: while the
line stays inside it, nothing has changed by more than chance allows since then; the summary says whether the
latest total is a reliable (and, across the cut-off, clinically significant) change from that first one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.core.charts import HEIGHT, LEFT, PLOT_WIDTH, RIGHT, WIDTH, Chart, Label, date_labels, ticks, y_position

from .definitions import Definition
from .scoring import Change, Reliability, clinically_significant, reliable_change

SHOWN = 26  # about six months of weekly check-ins


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    when: datetime
    value: int
    change: Change

    @property
    def marker(self) -> str:
        """An SVG path for a reliable change: a triangle up for better, down for worse; empty otherwise."""
        x, y = round(self.x, 1), round(self.y, 1)
        if self.change == Change.IMPROVED:  # apex 17 above the point, base 8 above it
            return f"M{x} {y - 17}l6 9h-12z"
        if self.change == Change.WORSENED:  # apex 17 below, base 8 below
            return f"M{x} {y + 17}l6 -9h-12z"
        return ""


@dataclass(frozen=True)
class Band:
    """The first shown total ± the smallest reliable change, clipped to the scale."""

    y: str
    height: str
    low: float
    high: float
    around: int
    half: float


@dataclass(frozen=True)
class Trend:
    key: str
    definition: Definition
    reliability: Reliability
    marks: list[Mark]
    ticks: list[tuple[str, int]]
    cutoff_y: float | None
    polyline: str
    description: str
    dates: list[Label]
    band: Band | None
    frame: Chart  # the shared frame's positions and axis titles (no bars or line of its own)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    plot_width: int = PLOT_WIDTH


def _band(definition: Definition, reliability: Reliability, first: int) -> Band | None:
    half = reliability.smallest_change
    if half is None:
        return None
    low, high = max(definition.lowest, first - half), min(definition.highest, first + half)
    top, bottom = (
        y_position(high, definition.lowest, definition.highest),
        y_position(low, definition.lowest, definition.highest),
    )
    return Band(f"{top:.1f}", f"{bottom - top:.1f}", low, high, first, half)


def since_first(definition: Definition, reliability: Reliability, marks: Sequence[Mark]) -> str:
    """The latest total against the first shown, in words: reliable change, and clinically significant change
    where the check-in has a cut-off."""
    if not reliability.known:
        return _("Reliable change: %(reason)s.") % {"reason": reliability.reason}
    if len(marks) < 2:
        return _("Reliable change: one answer so far, nothing to compare it with.")
    first, last = marks[0], marks[-1]
    direction = {"higher_is_better": definition.higher_is_better}
    change = reliable_change(first.value, last.value, reliability, **direction)
    text = _(
        "From the first shown (%(first)s on %(when)s) to the latest (%(last)s): %(change)s; "
        "a change of more than %(points)s points counts as reliable."
    ) % {
        "first": first.value,
        "when": _day(first.when),
        "last": last.value,
        "change": change.label,
        "points": _decimal(reliability.smallest_change or 0),
    }
    significant = clinically_significant(first.value, last.value, definition.cutoff, reliability, **direction)
    if significant:
        text += " " + _("It also crossed the cut-off of %(cutoff)s: a clinically significant improvement.") % {
            "cutoff": number_format(f"{definition.cutoff:g}")
        }
    return text


def _day(when: datetime) -> str:
    return date_format(when, "SHORT_DATE_FORMAT")


def _decimal(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=1)  # number_format cuts digits off: round first


def _describe(definition: Definition, reliability: Reliability, marks: Sequence[Mark]) -> str:
    values = [mark.value for mark in marks]
    changes = [mark.change for mark in marks[1:]]
    text = ngettext(
        "%(count)s check-in from %(first)s to %(last)s.",
        "%(count)s check-ins from %(first)s to %(last)s.",
        len(marks),
    ) % {"count": len(marks), "first": _day(marks[0].when), "last": _day(marks[-1].when)}
    text += " " + _("Totals between %(low)s and %(high)s of %(highest)s; the latest is %(latest)s.") % {
        "low": min(values),
        "high": max(values),
        "highest": definition.highest,
        "latest": values[-1],
    }
    if definition.cutoff is not None:
        text += " " + _("Cut-off line at %(cutoff)s.") % {"cutoff": number_format(f"{definition.cutoff:g}")}
    text += " " + since_first(definition, reliability, marks)
    if not reliability.known:
        return text
    better, worse = changes.count(Change.IMPROVED), changes.count(Change.WORSENED)
    return (
        text
        + " "
        + _("Reliable change since the check-in before: %(better)s better, %(worse)s worse.")
        % {
            "better": better,
            "worse": worse,
        }
    )


def build_trend(
    key: str, definition: Definition, history: Sequence[tuple[datetime, int]], reliability: Reliability
) -> Trend | None:
    """``history`` is (when, total) oldest first; one extra leading point only serves as the first "before".
    ``reliability`` comes from ``reliability.reliability_for``."""
    if not history:
        return None
    shown = list(history[-SHOWN:])
    before: int | None = history[-SHOWN - 1][1] if len(history) > SHOWN else None
    low, high = definition.lowest, definition.highest
    step = PLOT_WIDTH / max(len(shown) - 1, 1)
    marks = []
    for index, (when, value) in enumerate(shown):
        change = reliable_change(before, value, reliability, higher_is_better=definition.higher_is_better)
        marks.append(Mark(LEFT + index * step, y_position(value, low, high), when, value, change))
        before = value
    cutoff = definition.cutoff
    axes = _("Total (of %(highest)s)") % {"highest": high}, _("Date answered")
    return Trend(
        key=key,
        definition=definition,
        reliability=reliability,
        marks=marks,
        ticks=ticks(low, high),
        cutoff_y=None if cutoff is None else y_position(cutoff, low, high),
        polyline=" ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in marks),
        description=_describe(definition, reliability, marks),
        dates=date_labels([mark.x for mark in marks], [mark.when for mark in marks]),
        band=_band(definition, reliability, marks[0].value),
        frame=Chart(key, "", "", "line", [], [], "", *axes),
    )
