"""The shared SVG chart geometry: coordinates leave Python as text the SVG can take as it is."""

from datetime import UTC, datetime, timedelta

from django.template.loader import render_to_string
from django.utils import translation

from alongside.core.charts import bar_chart, date_labels, line_chart


def test_bars_are_placed_in_their_slots_and_missing_values_draw_nothing() -> None:
    chart = bar_chart("k", "Title", "Description", [("a", 4), ("b", None), ("c", 2)], high=4)

    assert [bar.label for bar in chart.bars] == ["a", "c"]
    first, last = chart.bars
    # plot from x 38 to 386 (348 wide), three slots of 116, a gap of 116·0.25 / 2 = 14.5 on each side;
    # values from y 200 (0) up to 28 (4): 2 sits at 28 + 172·2/4 = 114
    assert (first.x, first.y, first.width, first.height) == ("52.5", "28.0", "87.0", "172.0")
    assert (last.x, last.y, last.height) == ("284.5", "114.0", "86.0")
    assert chart.ticks == [("200.0", 0), ("114.0", 2), ("28.0", 4)]


def test_few_bars_are_each_named_beneath_with_their_figure_above() -> None:
    items = [("Improved", 12), ("No reliable change", 30), ("Worsened", None)]
    chart = bar_chart("k", "T", "D", items, shown=["12", "30", "fewer than 11"], axes=("People", "Change"))

    assert [label.lines for label in chart.categories] == [["Improved"], ["No reliable", "change"], ["Worsened"]]
    assert [label.x for label in chart.categories] == ["96.0", "212.0", "328.0"]  # the middle of each slot
    assert [(label.lines, label.y) for label in chart.values][2] == (["fewer than 11"], "195.0")  # on the axis
    svg = render_to_string("core/_chart.html", {"chart": chart})
    assert ">People</text>" in svg and ">Change</text>" in svg and '<tspan x="212.0" dy="14">change</tspan>' in svg


def test_a_figure_too_wide_for_its_slot_takes_two_lines_ending_where_one_would() -> None:
    """Four slots of 87: "fewer than 11" on one line ran into its neighbour's and read as one phrase."""
    items = [("Improved", None), ("No reliable change", None), ("Worsened", 14), ("Not enough data", 0)]
    chart = bar_chart("k", "T", "D", items, shown=["fewer than 11", "fewer than 11", "14", "0"])

    assert [(label.lines, label.y) for label in chart.values] == [
        (["fewer than", "11"], "181.0"),  # the second line on the axis, 14 below
        (["fewer than", "11"], "181.0"),
        (["14"], "23.0"),
        (["0"], "195.0"),
    ]
    svg = render_to_string("core/_chart.html", {"chart": chart})
    assert (
        '<text x="81.5" y="181.0" text-anchor="middle" font-size="12" fill="#2d3748"><tspan x="81.5">fewer than'
        '</tspan><tspan x="81.5" dy="14">11</tspan></text>' in svg
    )


def test_many_bars_name_only_a_few_and_write_no_figures() -> None:
    chart = bar_chart("k", "T", "D", [(f"{day} Mar", day) for day in range(1, 13)], shown=["x"] * 12)

    assert [label.lines for label in chart.categories] == [["1 Mar"], ["5 Mar"], ["8 Mar"], ["12 Mar"]]
    assert chart.values == []


def test_a_line_skips_missing_points_and_labels_its_ends_and_middle() -> None:
    chart = line_chart("k", "Title", "Description", [("a", 0), ("b", None), ("c", 100)], low=0, high=100)

    assert chart.polyline == "38.0,200.0 386.0,28.0"
    assert [(label.lines, label.anchor) for label in chart.categories] == [
        (["a"], "start"),
        (["b"], "middle"),
        (["c"], "end"),
    ]


def test_dates_under_a_time_axis_are_the_first_middle_and_last() -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    dates = [start + timedelta(weeks=week) for week in range(9)]
    labels = date_labels([38 + 43.5 * week for week in range(9)], dates)

    assert [(label.lines, label.x) for label in labels] == [
        (["2 Mar 2026"], "38.0"),
        (["30 Mar 2026"], "212.0"),  # week 4 of 0..8
        (["27 Apr 2026"], "386.0"),
    ]


def test_coordinates_are_never_localised() -> None:
    """A decimal comma (Spanish, for one) would break the drawing."""
    chart = bar_chart("k", "Title", "Description", [("a", 1.5), ("b", 3)])

    with translation.override("es"):
        svg = render_to_string("core/_chart.html", {"chart": chart})

    assert 'y="114.0"' in svg and 'height="86.0"' in svg
    assert "," not in svg.split("<rect", 1)[1]


def test_every_text_in_the_drawing_is_escaped() -> None:
    """The markup is written in Python (``Chart.markup``), so it must escape as the template did."""
    chart = bar_chart(
        'k"1',
        "Tom & <Jerry>",
        "It's 'fine'",
        [("<b>", 2), ("x & y", None)],
        shown=["2", "<hidden>"],
        axes=("<y>", "&x"),
    )

    svg = render_to_string("core/_chart.html", {"chart": chart})

    assert 'aria-labelledby="k&quot;1-title"' in svg
    assert '<title id="k&quot;1-title">Tom &amp; &lt;Jerry&gt;</title>' in svg
    assert "It&#x27;s &#x27;fine&#x27;" in svg
    assert ">&lt;b&gt;</tspan>" in svg and ">x &amp; y</tspan>" in svg and ">&lt;hidden&gt;</tspan>" in svg
    assert ">&lt;y&gt;</text>" in svg and ">&amp;x</text>" in svg
    assert "<b>" not in svg and svg.count("<rect") == 1 and svg.strip().endswith("</svg>")
