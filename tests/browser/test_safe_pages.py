"""Pages people meet when something is refused or about to happen, at phone and desktop sizes, in a real browser:
the 404 and 500 pages, "Who has seen my record", and the question before completing a goal with open steps."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error
from playwright.sync_api import expect

from alongside.consent.actions import revoke_consent
from alongside.plans import actions
from tests.conftest import People
from tests.consent.factories import share
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=SIZES)
def sized(request, chromium, live_server):
    """A page at phone or desktop size, and a name for its screenshots (kept in pytest's temporary folder)."""
    context = new_context(chromium, live_server, viewport=SIZES[request.param])
    yield context.new_page(), request.param
    context.close()


def snap(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def test_a_revoked_share_lands_on_the_404_with_a_way_back(sized, tmp_path: Path, people: People) -> None:
    page, size = sized
    consent = share(people.client, people.supervisor)
    revoke_consent(consent, by=people.client.user)
    sign_in(page, people.supervisor.user.email, PASSWORD)
    response = page.goto(f"/shared/{people.client.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="We can't show you this page")).to_be_visible()
    expect(page.get_by_text("someone stopped sharing their record with you")).to_be_visible()
    assert_accessible(page)
    snap(page, tmp_path, f"404-{size}")
    page.get_by_role("link", name="Go to my home page").click()
    page.wait_for_url("**/team/")


def test_the_500_page_is_readable_and_leads_home(sized, tmp_path: Path) -> None:
    page, size = sized
    html = server_error(RequestFactory().get("/")).content.decode()
    page.route("**/broken-page/", lambda route: route.fulfill(status=500, body=html, content_type="text/html"))
    page.goto("/broken-page/")
    expect(page.get_by_role("heading", name="Something went wrong on our side")).to_be_visible()
    assert_accessible(page)
    snap(page, tmp_path, f"500-{size}")
    page.get_by_role("link", name="Go to my home page").click()
    page.wait_for_url("**/account/login/**")  # home asks a signed-out person to sign in


def test_who_has_seen_my_record_in_plain_words(sized, tmp_path: Path, people: People) -> None:
    page, size = sized
    share(people.client, kind="outside", areas=["plan", "meetings", "checkins", "crisis", "messages"])
    share(people.client, people.supervisor, areas=["plan"])
    actions.create_goal(people.client, {"text": "Cook a meal for friends"}, by=people.client)
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    go_to(page, "Who has seen my record")
    expect(page.get_by_text("You started sharing your plan with Vera Supervisor")).to_be_visible()
    expect(page.get_by_text("added a goal to your plan")).to_have_count(0)
    assert_accessible(page)
    snap(page, tmp_path, f"who-has-seen-{size}")
    page.get_by_role("link", name="Also show what you did yourself").click()
    expect(page.get_by_text("You added a goal to your plan")).to_be_visible()
    assert_accessible(page)
    snap(page, tmp_path, f"who-has-seen-mine-{size}")


def test_completing_a_goal_with_open_steps_asks_first(sized, tmp_path: Path, people: People) -> None:
    page, size = sized
    goal = actions.create_goal(people.client, {"text": "Sleep better"}, by=people.client)
    actions.add_step(goal, "Phone off at ten", by=people.client)
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    page.goto("/me/plan/")
    page.get_by_role("button", name=re.compile(r"^Mark as done\W+the goal Sleep better")).click()
    expect(page.get_by_text("1 step is not done yet")).to_be_visible()  # swapped in by htmx
    assert_accessible(page)
    snap(page, tmp_path, f"complete-goal-{size}")
    page.get_by_role("button", name="Yes, mark it done").click()
    expect(page.get_by_text("A milestone: you completed this goal")).to_be_visible()


def test_the_question_before_completing_works_without_javascript(chromium, live_server, people: People) -> None:
    goal = actions.create_goal(people.client, {"text": "Sleep better"}, by=people.client)
    actions.add_step(goal, "Phone off at ten", by=people.client)
    context = new_context(chromium, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, people.client.user.email, PASSWORD)
        page.wait_for_url("**/me/")
        page.goto("/me/plan/")
        page.get_by_role("button", name=re.compile(r"^Mark as done\W+the goal Sleep better")).click()
        expect(page.get_by_role("heading", name="Before you mark this goal done")).to_be_visible()  # no axe: no JS
        page.get_by_role("link", name="Not yet").click()
        page.wait_for_url("**/me/plan/**")
        page.get_by_role("button", name=re.compile(r"^Mark as done\W+the goal Sleep better")).click()
        page.get_by_role("button", name="Yes, mark it done").click()
        page.wait_for_url("**/me/plan/**")
        expect(page.get_by_text("A milestone: you completed this goal")).to_be_visible()
    finally:
        context.close()
