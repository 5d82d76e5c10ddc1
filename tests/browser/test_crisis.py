"""The crisis plan in a real browser on a phone: the client writes it, presses Help now and sees their own
plan first, then the crisis lines; someone they shared it with opens it; someone they did not gets 404.
Every page passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.crisis import actions
from tests.conftest import People
from tests.consent.factories import share
from tests.factories import PASSWORD

from .conftest import assert_accessible, new_context, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_on_a_phone(page: Any) -> None:
    page.get_by_role("link", name="Help now").first.click()
    page.wait_for_url("**/me/help-now/")
    assert_accessible(page)
    page.get_by_role("link", name="Write my crisis plan").click()
    assert_accessible(page)
    page.get_by_label("Signs that things are getting hard").fill("I stop answering messages.")
    page.get_by_label("What helps me then").fill("A walk by the river.")
    page.get_by_label("Who to contact, and how").fill("My sister June, 555-0101.")
    page.get_by_label("Include my medicines and allergies in my plan").check()
    page.get_by_role("textbox", name="My medicines and allergies").fill("Allergic to penicillin.")
    page.get_by_role("button", name="Save my crisis plan").click()
    page.wait_for_url("**/me/help-now/")


def add_a_line_as_the_admin(page: Any, people: People) -> None:
    sign_in(page, people.admin.user.email, PASSWORD)
    page.goto("/organisation/")
    page.get_by_role("link", name="Crisis lines").click()
    assert_accessible(page)
    expect(page.get_by_text("988 Suicide & Crisis Lifeline", exact=True)).to_be_visible()
    page.get_by_label("Name of the line").fill("Riverside warm line")
    page.get_by_label("Number").fill("555 0199")
    page.get_by_label("How people reach it").select_option("call")
    page.get_by_role("button", name="Add the line").click()
    expect(page.get_by_text("The crisis line is added.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    page.wait_for_url("**/account/login/**")


def test_the_client_writes_their_plan_and_help_now_opens_it_first(page: Any, people: People) -> None:
    add_a_line_as_the_admin(page, people)
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    write_on_a_phone(page)
    expect(page.get_by_text("Your crisis plan is saved.")).to_be_visible()

    page.goto("/me/plan/")
    page.get_by_role("link", name="Help now").first.click()
    page.wait_for_url("**/me/help-now/")
    assert_accessible(page)
    plan, lines = page.get_by_text("A walk by the river."), page.get_by_role("heading", name="Riverside warm line")
    expect(plan).to_be_visible()
    assert plan.bounding_box()["y"] < lines.bounding_box()["y"]  # the plan comes first, then the lines
    expect(page.get_by_role("link", name="Call 555 0199")).to_have_attribute("href", "tel:5550199")
    expect(page.get_by_text("Allergic to penicillin.")).to_be_visible()
    page.get_by_role("link", name="Earlier versions").click()
    assert_accessible(page)
    expect(page.get_by_text("Version 1, saved")).to_be_visible()


def test_shared_with_someone_it_opens_for_them_and_not_for_others(
    chromium: Any, live_server: Any, people: People
) -> None:
    actions.save_plan(people.client, {"what_helps": "A walk by the river."}, expected_version=None, by=people.client)
    share(people.client, people.unassigned_supporter, areas=["crisis"])
    reader = new_context(chromium, live_server).new_page()
    sign_in(reader, people.unassigned_supporter.user.email, PASSWORD)
    reader.goto("/shared/")
    reader.get_by_role("link", name="Casey Client\u2019s crisis plan").first.click()
    expect(reader.get_by_text("A walk by the river.")).to_be_visible()
    assert_accessible(reader)

    refused = new_context(chromium, live_server).new_page()
    sign_in(refused, people.supervisor.user.email, PASSWORD)
    response = refused.goto(f"/people/{people.client.pk}/crisis-plan/")
    assert response is not None and response.status == 404
    expect(refused.get_by_text("A walk by the river.")).to_have_count(0)
