"""The whole loop in a real browser: a supporter suggests a step, the client rewords and accepts it,
completes it, and the milestone appears for both. Every page passes axe-core."""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from alongside.plans import actions
from alongside.plans.models import JournalEntry
from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, new_context, open_menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEND_TWICE_AT_ONCE = """form => Promise.all([1, 2].map(() =>
  fetch(form.action, {method: "POST", body: new FormData(form)}).then(response => [response.status, response.url])))"""


def sign_out(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")


def test_suggest_reword_accept_complete_celebrate(page, people: People) -> None:
    actions.create_goal(people.client, {"text": "Feel stronger in my body"}, by=people.client)

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/people/")
    page.get_by_role("link", name="Casey Client").click()
    page.get_by_role("link", name="Casey Client\u2019s plan").click()
    assert_accessible(page)
    page.get_by_role("link", name="Suggest a step, wording or resource for: Feel stronger in my body").click()
    assert_accessible(page)
    page.get_by_label("A step towards a goal").check()
    page.get_by_label("Your suggestion").fill("Try the free swim session at the leisure centre")
    page.get_by_label("A short reason (optional)").fill("You mentioned you liked swimming.")
    page.get_by_role("button", name="Send suggestion").click()
    page.wait_for_url(f"**/people/{people.client.pk}/plan/")
    expect(page.get_by_text("Waiting for a decision", exact=True)).to_be_visible()
    sign_out(page)

    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    go_to(page, "My plan")
    page.wait_for_url("**/me/plan/")
    assert_accessible(page)
    expect(page.get_by_text("Sam Supporter suggests a step towards a goal")).to_be_visible()
    page.get_by_role("link", name="Decide on: Try the free swim session at the leisure centre").click()
    assert_accessible(page)
    page.get_by_label("Accept it in my own words").check()
    page.get_by_role("textbox", name="My own words").fill("Go swimming on Saturday mornings")
    page.get_by_role("button", name="Save my decision").click()
    page.wait_for_url("**/me/plan/**")
    expect(page.get_by_text("Added to your plan, in your own words.")).to_be_visible()
    expect(page.get_by_text("Own words of Casey Client, from an idea by Sam Supporter")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Mark as done\W+Go swimming on Saturday mornings")).click()
    page.get_by_text("Every step forward counts").wait_for()  # swapped in by htmx, no page load
    assert_accessible(page)
    page.goto("/me/")
    expect(page.get_by_text("Step done: Go swimming on Saturday mornings")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/people/")
    page.goto(f"/people/{people.client.pk}/plan/")
    expect(page.get_by_text("Step done: Go swimming on Saturday mornings")).to_be_visible()
    expect(page.get_by_text("Accepted in their own words", exact=True)).to_be_visible()
    page.get_by_label("A word of encouragement for this milestone").fill("That is a real step forward!")
    page.get_by_role("button", name="Send encouragement").click()
    expect(page.get_by_text("Your encouragement is on the milestone.")).to_be_visible()
    assert_accessible(page)


def test_completing_a_step_works_without_javascript(chromium, live_server, people: People) -> None:
    goal = actions.create_goal(people.client, {"text": "Sleep better"}, by=people.client)
    actions.add_step(goal, "Phone off at ten", by=people.client)
    context = new_context(chromium, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, people.client.user.email, PASSWORD)
        page.wait_for_url("**/me/")
        page.goto("/me/plan/")
        page.get_by_role("button", name=re.compile(r"^Mark as done\W+Phone off at ten")).click()
        page.wait_for_url("**/me/plan/**")
        expect(page.get_by_text("A milestone: you completed a step")).to_be_visible()
    finally:
        context.close()


def test_other_plan_pages_are_accessible(page, people: People) -> None:
    goal = actions.create_goal(people.client, {"text": "Sleep better", "why": "I feel calmer"}, by=people.client)
    step = actions.add_step(goal, "Phone off at ten", by=people.client)
    actions.edit_goal(goal, {"text": "Sleep well"}, is_private=False, expected_version=1, by=people.client)
    actions.write_journal_entry(people.client, "A good day", is_private=True, by=people.client)
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    urls = [
        "/me/plan/goals/new/",
        f"/me/plan/goals/{goal.pk}/edit/",
        f"/me/plan/goals/{goal.pk}/history/",
        f"/me/plan/steps/{step.pk}/edit/",
        "/me/journal/",
        "/me/plan/print/",
    ]
    for url in urls:
        page.goto(url)
        assert_accessible(page)
    page.goto("/me/plan/goals/new/")
    page.get_by_role("button", name="Save").click()
    expect(
        page.locator(".error-summary").get_by_text("This cannot be empty")
    ).to_be_visible()  # the error summary, first
    assert_accessible(page)


def test_a_journal_entry_sent_twice_at_once_is_stored_once(page, people: People) -> None:
    """As when Save is clicked again while the first click is on its way: two requests at once, one entry.

    (Chromium turns a plain double click into one request, so the page sends the form twice itself.)
    """
    if connection.vendor == "sqlite" and connection.settings_dict["OPTIONS"].get("transaction_mode") != "IMMEDIATE":
        pytest.skip("SQLite needs IMMEDIATE transactions, or the second request meets 'database is locked'")
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    page.goto("/me/journal/")
    page.get_by_label("What is on your mind?").fill("A calm evening")
    first, second = page.locator("form.card").evaluate(SEND_TWICE_AT_ONCE)
    assert first == second and first[0] == 200 and first[1].endswith("/me/journal/")
    page.reload()
    expect(page.get_by_text("A calm evening")).to_have_count(1)
    assert JournalEntry.objects.count() == 1
