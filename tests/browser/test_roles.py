"""Each role signs in through a real browser, lands on its own home, and the pages pass axe-core."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from alongside.accounts.middleware import LAST_SEEN_KEY
from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = {
    "client": ("/me/", "My journey"),
    "supporter": ("/people/", "My people"),
    "supervisor": ("/team/", "Team"),
    "admin": ("/organisation/", "Riverside"),
}


def test_sign_in_page_is_accessible(page, people: People) -> None:
    page.goto("/account/login/")
    assert_accessible(page)


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_home(page, people: People, role: str) -> None:
    path, heading = HOMES[role]
    sign_in(page, people.by_role()[role].user.email, PASSWORD)
    page.wait_for_url(f"**{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"^{re.escape(heading)}"))
    assert_accessible(page)


def test_supporter_sets_up_two_factor_then_sees_their_people(page, people: People, settings) -> None:
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/account/two-factor/**")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=people.supporter.user)
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is on.").first).to_be_visible()
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/people/")
    expect(page.get_by_role("link", name=people.client.user.display_name)).to_be_visible()
    expect(page.get_by_text(people.other_client.user.display_name)).to_have_count(0)


def test_wrong_password_is_explained(page, people: People) -> None:
    sign_in(page, people.client.user.email, "not my password")
    expect(page.locator(".error-summary").get_by_text("do not match")).to_be_visible()  # the error summary, first
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page, people: People) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    page.goto("/me/")  # a page without an autofocus field
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_idle_warning_lets_the_person_stay_then_signs_them_out(page, people: People, settings) -> None:
    """The browser's clock is Playwright's and the server's is the session's record, so nothing waits for real."""
    until_warning = (settings.SESSION_IDLE_TIMEOUT - settings.SESSION_IDLE_WARNING) * 1000
    page.clock.install()
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    warning = page.get_by_role("dialog", name="Are you still there?")
    expect(warning).to_be_hidden()
    page.clock.run_for(until_warning)
    expect(warning).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    page.clock.run_for(until_warning)  # the idle time counts again from "Stay signed in"
    expect(warning).to_be_visible()
    _away_since_the_last_request(page, seconds=settings.SESSION_IDLE_TIMEOUT + 1)
    page.clock.run_for((settings.SESSION_IDLE_WARNING + 1) * 1000)
    page.wait_for_url("**/account/login/**")
    expect(page.get_by_text("signed out because you were away")).to_be_visible()


def _away_since_the_last_request(page, *, seconds: int) -> None:
    """Move the server's record of the person's last request back, as if they had been away that long."""
    key = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_SEEN_KEY] -= seconds
    session.save()
