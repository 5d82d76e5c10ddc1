"""Trend and dashboard charts at 390 px: dates, axis titles, the reliable-change band, named categories,
nothing wider than the phone, and no serious axe-core findings."""

import pytest
from playwright.sync_api import expect

from alongside.feedback.reliability import refresh
from tests.conftest import People
from tests.factories import PASSWORD, assign, client_member
from tests.feedback.factories import answered_items, two_item_form

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = [[1, 1], [2, 3], [3, 2]]  # alpha 2/3 and SD 1.43839 over thirty: smallest reliable change 2.3


def _estimated(people: People) -> None:
    """Thirty of the supporter's clients answer twice (2 → 5, 5 → 5, 5 → 2); Casey answers 2, 5, 6, so eleven
    improve across the cut-off."""
    form = two_item_form(people.organisation.pk)
    for index in range(30):
        member = client_member(people.organisation)
        assign(member, people.supporter)
        answered_items(member, form, [ROWS[index % 3], ROWS[(index + 1) % 3]])
    answered_items(people.client, form, [[1, 1], [2, 3], [3, 3]])
    refresh(people.organisation.pk, form)


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_clients_trend_is_readable_on_a_phone(page, people: People) -> None:
    _estimated(people)
    sign_in(page, people.client.user.email, PASSWORD)
    page.goto(f"/people/{people.client.pk}/check-ins/")
    chart = page.locator("figure.trend svg[role=img]")
    expect(chart.get_by_text("Date answered")).to_be_visible()
    expect(chart.get_by_text("Total (of 6)")).to_be_visible()
    expect(chart.get_by_text("Cut-off 4")).to_be_visible()
    expect(page.get_by_text("The shaded band runs from 2.0 to 4.3")).to_be_visible()
    expect(page.locator("p", has_text="a clinically significant improvement")).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 390
    _fits_the_phone(page)
    assert_accessible(page)


def test_the_reliable_change_chart_names_its_groups_on_a_phone(page, people: People) -> None:
    _estimated(people)
    sign_in(page, people.supervisor.user.email, PASSWORD)
    page.goto(f"/organisation/dashboard/supporters/{people.supporter.pk}/")
    chart = page.locator("#chart-change-wellbeing-title").locator("xpath=..")
    for name in ("Improved", "No reliable", "Worsened", "Not enough", "People"):
        expect(chart.get_by_text(name, exact=True)).to_be_visible()
    expect(page.locator("p", has_text="crossed the cut-off of 4 (clinically significant): 11.")).to_be_visible()
    _fits_the_phone(page)
    assert_accessible(page)
