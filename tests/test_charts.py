"""The shared SVG chart geometry: coordinates leave Python as text the SVG can take as it is."""

from django.template.loader import render_to_string
from django.utils import translation

from alongside.core.charts import bar_chart, line_chart


def test_bars_are_placed_in_their_slots_and_missing_values_draw_nothing() -> None:
    chart = bar_chart("k", "Title", "Description", [("a", 4), ("b", None), ("c", 2)], high=4)

    assert [bar.label for bar in chart.bars] == ["a", "c"]
    first, last = chart.bars
    assert (first.x, first.y, first.width, first.height) == ("48.8", "18.0", "89.0", "168.0")  # 34 + 356 / 3 * 0.125
    assert (last.x, last.y, last.height) == ("286.2", "102.0", "84.0")
    assert chart.ticks == [("186.0", 0), ("102.0", 2), ("18.0", 4)]


def test_a_line_skips_missing_points() -> None:
    chart = line_chart("k", "Title", "Description", [("a", 0), ("b", None), ("c", 100)], low=0, high=100)

    assert chart.polyline == "34.0,186.0 390.0,18.0"


def test_coordinates_are_never_localised() -> None:
    """A decimal comma (Spanish, for one) would break the drawing."""
    chart = bar_chart("k", "Title", "Description", [("a", 1.5), ("b", 3)])

    with translation.override("es"):
        svg = render_to_string("core/_chart.html", {"chart": chart})

    assert 'y="102.0"' in svg and 'height="84.0"' in svg
    assert "," not in svg.split("<rect", 1)[1]
