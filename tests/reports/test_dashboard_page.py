"""The dashboard page as people read it: each section's table, the figures a chart does not draw, the period
form as it first shows (kept between views, so: in each reader's language, with today's bounds) and the
supporters' links."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.core.dates import years_later
from alongside.reports.dashboard_views import shown
from alongside.reports.dashboards import Cell, Section
from alongside.reports.forms import PeriodForm
from alongside.reports.periods import monday_of

from ..conftest import People, main_content, signed_in

pytestmark = pytest.mark.django_db


def test_every_figure_is_in_the_table_and_those_not_drawn_are_said_beside_the_chart() -> None:
    cells = [Cell("A <b>", 30, 30), Cell("B & c", None, 0), Cell("Apart", 12, 12, drawn=False)]
    section = shown(Section("x", "Title", "About.", cells))
    assert section.rows == (
        '<tr><th scope="row">A &lt;b&gt;</th><td>30</td></tr>'
        '<tr><th scope="row">B &amp; c</th><td>not enough data</td></tr>'
        '<tr><th scope="row">Apart</th><td>12</td></tr>'
    )
    assert section.apart == [("Apart", "12")]
    assert "About. A &lt;b&gt;: 30; B &amp; c: not enough data; Apart: 12.</desc>" in section.chart
    assert section.chart.count("<rect") == 1  # B has no figure to draw, and Apart is for the table only
    assert shown(Section("n", "Title", "About.", cells, "number")).chart == ""


def test_the_page_shows_each_sections_table(people: People) -> None:
    page = main_content(signed_in(people.admin).get("/organisation/dashboard/"))
    this_week = date_format(monday_of(timezone.localdate()), "MONTH_DAY_FORMAT")
    assert '<caption class="visually-hidden">Meetings per week</caption>' in page
    assert f'<tr><th scope="row">Week of {this_week}</th><td>0</td></tr>' in page
    assert '<tr><th scope="row">Reliable improvement</th><td>0</td></tr>' in page


def test_the_period_form_first_shows_in_each_readers_language_with_todays_bounds(people: People) -> None:
    admin = signed_in(people.admin)
    english = main_content(admin.get("/organisation/dashboard/"))
    people.admin.user.language = "es"
    people.admin.user.save(update_fields=["language"])
    spanish = main_content(admin.get("/organisation/dashboard/"))
    today = timezone.localdate()
    with translation.override("en"):
        assert PeriodForm().as_div() in english and '<label for="id_start">From:</label>' in english
    with translation.override("es"):
        assert PeriodForm().as_div() in spanish and '<label for="id_start">Desde:</label>' in spanish
    assert f'min="{years_later(today, -20)}" max="{today}"' in english
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tomorrow = main_content(signed_in(people.admin).get("/organisation/dashboard/"))
    assert f'max="{today + timedelta(days=1)}"' in tomorrow


def test_a_chosen_period_shows_in_the_form_and_the_supporters_links(people: People) -> None:
    page = main_content(signed_in(people.admin).get("/organisation/dashboard/?start=2026-01-05&end=2026-03-29"))
    assert 'name="start" value="2026-01-05"' in page and 'name="end" value="2026-03-29"' in page
    link = f"/organisation/dashboard/supporters/{people.unassigned_supporter.pk}/?start=2026-01-05&amp;end=2026-03-29"
    assert f'<li><a href="{link}">Una Unassigned</a></li>' in page
