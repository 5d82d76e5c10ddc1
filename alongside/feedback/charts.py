"""Trend charts drawn on the server as SVG: no JavaScript, and the same numbers as a table beside them.

Points are spaced evenly in the order the check-ins were answered; the table gives the dates. Each point
is compared with the one before for reliable change, the same comparison the prompt rule uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from alongside.core.charts import HEIGHT, LEFT, PLOT_WIDTH, RIGHT, WIDTH, ticks, y_position

from .definitions import Definition
from .scoring import Change, reliable_change

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
        if self.change == Change.IMPROVED:
            return f"M{x} {y - 8}l6 -9h-12z"
        if self.change == Change.WORSENED:
            return f"M{x} {y + 8}l6 9h-12z"
        return ""


@dataclass(frozen=True)
class Trend:
    key: str
    definition: Definition
    marks: list[Mark]
    ticks: list[tuple[str, int]]  # (where, as a coordinate; the value there)
    cutoff_y: float | None
    polyline: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT


def _describe(definition: Definition, marks: Sequence[Mark]) -> str:
    values = [mark.value for mark in marks]
    changes = [mark.change for mark in marks[1:]]
    text = (
        f"{len(marks)} check-ins from {marks[0].when:%d %b %Y} to {marks[-1].when:%d %b %Y}. "
        f"Totals between {min(values)} and {max(values)} of {definition.highest}; the latest is {values[-1]}."
    )
    if definition.cutoff is not None:
        text += f" Cut-off line at {definition.cutoff:g}."
    if not definition.reliability.known:
        return text + " Reliable change: not enough data (reliability of this check-in is not known)."
    better, worse = changes.count(Change.IMPROVED), changes.count(Change.WORSENED)
    return text + f" Reliable change since the check-in before: {better} better, {worse} worse."


def build_trend(key: str, definition: Definition, history: Sequence[tuple[datetime, int]]) -> Trend | None:
    """``history`` is (when, total) oldest first; one extra leading point only serves as the first "before"."""
    if not history:
        return None
    shown = list(history[-SHOWN:])
    before: int | None = history[-SHOWN - 1][1] if len(history) > SHOWN else None
    low, high = definition.lowest, definition.highest
    step = PLOT_WIDTH / max(len(shown) - 1, 1)
    marks = []
    for index, (when, value) in enumerate(shown):
        change = reliable_change(before, value, definition.reliability, higher_is_better=definition.higher_is_better)
        marks.append(Mark(LEFT + index * step, y_position(value, low, high), when, value, change))
        before = value
    cutoff = definition.cutoff
    return Trend(
        key=key,
        definition=definition,
        marks=marks,
        ticks=ticks(low, high),
        cutoff_y=None if cutoff is None else y_position(cutoff, low, high),
        polyline=" ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in marks),
        description=_describe(definition, marks),
    )
