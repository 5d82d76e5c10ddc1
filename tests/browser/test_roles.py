"""Each role signs in through a real browser, lands on its own home, and the pages pass axe-core."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
    assert_accessible(page)


def test_supporter_sets_up_two_factor_then_sees_their_people(page, people: People, settings) -> None:
    settings.REQUIRE_STAFF_TWO_FACTOR = True
    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/account/two-factor/**")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=people.supporter.user)
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_url("**/people/")
    assert page.get_by_role("link", name=people.client.user.display_name).is_visible()
    assert not page.get_by_text(people.other_client.user.display_name).count()


def test_wrong_password_is_explained(page, people: People) -> None:
    sign_in(page, people.client.user.email, "not my password")
    assert page.get_by_text("do not match").is_visible()
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page, people: People) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    page.goto("/me/")  # a page without an autofocus field
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_idle_warning_lets_the_person_stay_then_signs_them_out(page, people: People, settings) -> None:
    settings.SESSION_IDLE_TIMEOUT, settings.SESSION_IDLE_WARNING = 6, 4
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    warning = page.get_by_role("dialog", name="Are you still there?")
    warning.wait_for(state="visible", timeout=5_000)
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden")
    page.wait_for_url("**/account/login/**", timeout=12_000)
    assert page.get_by_text("signed out because you were away").is_visible()
