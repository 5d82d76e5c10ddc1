"""Charts drawn on the server as SVG, shared by the feedback trends and the dashboards.

No JavaScript: a chart is an ``<svg role="img">`` with a title and a plain-words description, and every
chart's numbers are also given as a table. The geometry lives here so every chart uses the same frame: a
title for the values above the plot (on a phone a turned title is hard to read), the categories or dates
under it and a title for them at the bottom. Coordinates leave here as text with one decimal: the template
prints them as they are, which is much cheaper than a ``floatformat`` per number and is never localised (a
decimal comma would break the SVG).
"""

from __future__ import annotations

import functools
import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 400, 256  # drawn small so its text stays readable on a phone; CSS caps the width
LEFT, RIGHT, TOP, BOTTOM = 38, 14, 28, 56
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_BOTTOM = HEIGHT - BOTTOM
BAR_GAP = 0.25  # share of each slot left empty between bars
ALL_LABELLED = 6  # up to this many categories each get a label (two short lines); more get a few
FEW = 4  # how many labels a long series gets
LABEL_CHARACTERS = 14  # per line under a bar: four labels fit side by side at 390 px
CHARACTER_WIDTH = 7  # room a 12-point character takes, on average and with a little to spare, in SVG units
LINE_HEIGHT = 14
NEXT_LINE = f' dy="{LINE_HEIGHT}"'  # a label's second line


def y_position(value: float, low: float, high: float) -> float:
    """Where ``value`` sits vertically between ``low`` (bottom) and ``high`` (top)."""
    return TOP + (PLOT_BOTTOM - TOP) * (high - value) / ((high - low) or 1)


def coordinate(value: float) -> str:
    return f"{value:.1f}"


def ticks(low: int, high: int) -> list[tuple[str, int]]:
    """Gridlines at the bottom, middle and top of the scale: (where, as a coordinate; the value there)."""
    return [(coordinate(y_position(value, low, high)), value) for value in sorted({low, (low + high) // 2, high})]


@dataclass(frozen=True)
class Label:
    """Text placed at ``x`` (and ``y``): one or two lines, anchored "start", "middle" or "end"."""

    x: str
    lines: list[str]
    anchor: str = "middle"
    y: str = coordinate(PLOT_BOTTOM + 16)


def spread(count: int) -> list[int]:
    """Which of ``count`` bars get a label: all when few, else the first, the last and a few between."""
    if count <= ALL_LABELLED:
        return list(range(count))
    return sorted({round(index * (count - 1) / (FEW - 1)) for index in range(FEW)})


def along(count: int) -> list[int]:
    """Which of ``count`` points along a line get a label: all of up to three, else the first, middle and last
    (three dates fit side by side at 390 px)."""
    return list(range(count)) if count <= 3 else sorted({0, (count - 1) // 2, count - 1})


def _anchor(index: int, count: int) -> str:
    """Labels at the ends of a line lean inwards, so they stay inside the drawing."""
    if count > 1 and index == 0:
        return "start"
    return "end" if count > 1 and index == count - 1 else "middle"


def line_labels(xs: Sequence[float], texts: Sequence[str]) -> list[Label]:
    """Labels under a line's points, such as its dates: the first, the middle and the last."""
    return [Label(coordinate(xs[index]), [texts[index]], _anchor(index, len(xs))) for index in along(len(xs))]


def date_labels(xs: Sequence[float], dates: Sequence[datetime]) -> list[Label]:
    return line_labels(xs, [date_format(when, "SHORT_DATE_FORMAT") for when in dates])


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
    y_title: str = ""
    x_title: str = ""
    categories: list[Label] = field(default_factory=list)  # under the axis
    values: list[Label] = field(default_factory=list)  # above each bar: the figure as the table shows it
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    label_right: int = LEFT - 6  # where the gridlines' labels end
    right_edge: int = WIDTH - RIGHT
    axis_y: int = PLOT_BOTTOM
    y_title_y: int = TOP - 12
    x_title_x: int = LEFT + PLOT_WIDTH // 2
    x_title_y: int = HEIGHT - 4

    @property
    def markup(self) -> SafeString:
        return svg(self)


def _high(values: Sequence[float | None], high: float | None) -> int:
    if high is not None:
        return int(high)
    shown = [value for value in values if value is not None]
    return max(1, int(max(shown, default=1) + 0.999))


def _category(x: float, text: str, few: bool) -> Label:
    return Label(coordinate(x), list(_two_lines(text, LABEL_CHARACTERS)) if few else [text])


def _figure(x: float, top: float, text: str, slot: float) -> Label:
    """A bar's figure just above it, on two lines where one would run into the next bar's ("fewer than 11"
    twice side by side read as one phrase), the last line where a single one would be."""
    lines = _two_lines(text, max(4, int(slot / CHARACTER_WIDTH)))
    return Label(coordinate(x), list(lines), y=coordinate(top - 5 - LINE_HEIGHT * (len(lines) - 1)))


@functools.lru_cache(maxsize=256)
def _two_lines(text: str, characters: int) -> tuple[str, ...]:
    """A bar's name or figure on at most two short lines. Kept: the dashboard names the same few dozen bars in
    each language on every view, and wrapping a name cost more than drawing its bar."""
    return tuple(textwrap.wrap(text, characters, max_lines=2, placeholder="…")) or ("",)


def bar_chart(
    key: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, float | None]],
    *,
    high: float | None = None,
    shown: Sequence[str] = (),
    axes: tuple[str, str] = ("", ""),
) -> Chart:
    """One bar per (label, value); ``None`` draws no bar (the table says why). With few bars each is named
    beneath and ``shown`` (the figures as the table gives them) is written above it; ``axes`` titles the
    values and the categories."""
    top = _high([value for _, value in items], high)
    slot = PLOT_WIDTH / max(len(items), 1)
    few = len(items) <= ALL_LABELLED
    bars, categories, values = [], [], []
    for index, (label, value) in enumerate(items):
        middle = LEFT + (index + 0.5) * slot
        if index in spread(len(items)):
            categories.append(_category(middle, label, few))
        y = PLOT_BOTTOM if value is None else y_position(value, 0, top)
        if few and index < len(shown):
            values.append(_figure(middle, y, shown[index], slot))
        if value is None:
            continue
        x = LEFT + index * slot + slot * BAR_GAP / 2
        width, height = slot * (1 - BAR_GAP), PLOT_BOTTOM - y
        bars.append(Bar(coordinate(x), coordinate(y), coordinate(width), coordinate(height), label, value))
    y_title, x_title = axes
    return Chart(key, title, description, "bars", ticks(0, top), bars, "", y_title, x_title, categories, values)


def line_chart(
    key: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, float | None]],
    *,
    low: int,
    high: int,
    axes: tuple[str, str] = ("", ""),
) -> Chart:
    """Points spaced evenly in order; missing or hidden values break nothing, they are simply not drawn."""
    step = PLOT_WIDTH / max(len(items) - 1, 1)
    points = [
        f"{coordinate(LEFT + index * step)},{coordinate(y_position(value, low, high))}"
        for index, (_, value) in enumerate(items)
        if value is not None
    ]
    categories = line_labels([LEFT + index * step for index in range(len(items))], [label for label, _ in items])
    y_title, x_title = axes
    return Chart(key, title, description, "line", ticks(low, high), [], " ".join(points), y_title, x_title, categories)


def escape(text: object) -> str:
    """Django's ``escape`` without its check for lazy text on every call (a few hundred calls a chart): the same
    characters escaped the same way, as plain text for the f-strings below."""
    return html.escape(str(text))


def _labels_svg(labels: Sequence[Label], size: int) -> str:
    """``core/_chart_labels.html`` in Python: the same markup, without a template lookup per coordinate."""
    parts = []
    for label in labels:
        lines = "".join(
            f'<tspan x="{label.x}"{"" if index == 0 else NEXT_LINE}>{escape(line)}</tspan>'
            for index, line in enumerate(label.lines)
        )
        parts.append(
            f'<text x="{label.x}" y="{label.y}" text-anchor="{label.anchor}" font-size="{size}" fill="#2d3748">'
            f"{lines}</text>\n"
        )
    return "".join(parts)


def svg(chart: Chart) -> SafeString:
    """The chart as SVG markup, every text escaped: what ``core/_chart.html`` drew, made here because a template
    variable per coordinate cost more than the dashboard's figures (docs/performance.md). Coordinates, the
    gridlines' values and anchors are written as they are: they are never text (``coordinate`` makes digits, a
    sign and a point; anchors are "start", "middle" or "end"), and escaping each cost more than the texts."""
    key = escape(chart.key)
    parts = [
        f'<svg viewBox="0 0 {chart.width} {chart.height}" width="100%" role="img" aria-labelledby="{key}-title"'
        f' aria-describedby="{key}-desc" class="trend-chart">\n'
        f'  <title id="{key}-title">{escape(chart.title)}</title>\n'
        f'  <desc id="{key}-desc">{escape(chart.description)}</desc>\n'
    ]
    if chart.y_title:
        parts.append(
            f'  <text x="4" y="{chart.y_title_y}" font-size="13" font-weight="bold" fill="#2d3748">'
            f"{escape(chart.y_title)}</text>\n"
        )
    for y, label in chart.ticks:
        parts.append(
            f'  <line x1="{chart.left}" x2="{chart.right_edge}" y1="{y}" y2="{y}" stroke="#c9d3dd" stroke-width="1"/>\n'
            f'  <text x="{chart.label_right}" y="{y}" dy="4" text-anchor="end" font-size="13"'
            f' fill="#4a5568">{label}</text>\n'
        )
    parts.append(
        f'  <line x1="{chart.left}" x2="{chart.right_edge}" y1="{chart.axis_y}" y2="{chart.axis_y}"'
        f' stroke="#4a5568" stroke-width="1"/>\n'
    )
    for bar in chart.bars:
        parts.append(f'  <rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="#1f5f8b"/>\n')
    if chart.polyline:
        parts.append(f'  <polyline points="{chart.polyline}" fill="none" stroke="#1f5f8b" stroke-width="2.5"/>\n')
    parts.append(_labels_svg(chart.values, 12))
    parts.append(_labels_svg(chart.categories, 12))
    if chart.x_title:
        parts.append(
            f'  <text x="{chart.x_title_x}" y="{chart.x_title_y}" text-anchor="middle" font-size="13"'
            f' font-weight="bold" fill="#2d3748">{escape(chart.x_title)}</text>\n'
        )
    parts.append("</svg>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
