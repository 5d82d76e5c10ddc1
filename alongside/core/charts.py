"""Charts drawn on the server as SVG, shared by the feedback trends and the dashboards.

No JavaScript: a chart is an ``<svg role="img">`` with a title and a plain-words description, and every
chart's numbers are also given as a table. The geometry lives here so every chart uses the same frame.
Coordinates leave here as text with one decimal: the template prints them as they are, which is much
cheaper than a ``floatformat`` per number and is never localised (a decimal comma would break the SVG).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 400, 200  # drawn small so its text stays readable on a phone; CSS caps the width
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 18, 14
PLOT_WIDTH = WIDTH - LEFT - RIGHT
BAR_GAP = 0.25  # share of each slot left empty between bars


def y_position(value: float, low: float, high: float) -> float:
    """Where ``value`` sits vertically between ``low`` (bottom) and ``high`` (top)."""
    return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / ((high - low) or 1)


def coordinate(value: float) -> str:
    return f"{value:.1f}"


def ticks(low: int, high: int) -> list[tuple[str, int]]:
    """Gridlines at the bottom, middle and top of the scale: (where, as a coordinate; the value there)."""
    return [(coordinate(y_position(value, low, high)), value) for value in sorted({low, (low + high) // 2, high})]


@dataclass(frozen=True)
class Bar:
    x: str  # coordinates, as the SVG takes them
    y: str
    width: str
    height: str
    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    """A bar or line chart. Values that are missing or hidden (``None``) are left out of the drawing."""

    key: str
    title: str
    description: str
    kind: str  # "bars" or "line"
    ticks: list[tuple[str, int]]
    bars: list[Bar]
    polyline: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    label_right: int = LEFT - 6  # where the gridlines' labels end
    right_edge: int = WIDTH - RIGHT


def _high(values: Sequence[float | None], high: float | None) -> int:
    if high is not None:
        return int(high)
    shown = [value for value in values if value is not None]
    return max(1, int(max(shown, default=1) + 0.999))


def bar_chart(
    key: str, title: str, description: str, items: Sequence[tuple[str, float | None]], *, high: float | None = None
) -> Chart:
    """One bar per (label, value); ``None`` draws no bar (the table says why)."""
    top = _high([value for _, value in items], high)
    slot = PLOT_WIDTH / max(len(items), 1)
    bars = []
    for index, (label, value) in enumerate(items):
        if value is None:
            continue
        y = y_position(value, 0, top)
        x = LEFT + index * slot + slot * BAR_GAP / 2
        width, height = slot * (1 - BAR_GAP), HEIGHT - BOTTOM - y
        bars.append(Bar(coordinate(x), coordinate(y), coordinate(width), coordinate(height), label, value))
    return Chart(key, title, description, "bars", ticks(0, top), bars, "")


def line_chart(
    key: str, title: str, description: str, items: Sequence[tuple[str, float | None]], *, low: int, high: int
) -> Chart:
    """Points spaced evenly in order; missing or hidden values break nothing, they are simply not drawn."""
    step = PLOT_WIDTH / max(len(items) - 1, 1)
    points = [
        f"{coordinate(LEFT + index * step)},{coordinate(y_position(value, low, high))}"
        for index, (_, value) in enumerate(items)
        if value is not None
    ]
    return Chart(key, title, description, "line", ticks(low, high), [], " ".join(points))
