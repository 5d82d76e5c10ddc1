"""The Notifications page in a real browser, at phone and desktop size: reached from the menu, a mistake
explained, choices saved. Every state passes axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from alongside.notifications.models import Preference
from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=SIZES)
def sized(request, chromium, live_server):
    context = new_context(chromium, live_server, viewport=SIZES[request.param])
    yield context.new_page(), request.param
    context.close()


def test_a_client_chooses_a_daily_summary_with_quiet_hours(sized, tmp_path: Path, people: People) -> None:
    page, size = sized
    sign_in(page, people.client.user.email, PASSWORD)
    # beside the person's name at the foot of every page: in the menu it pushed "For you now" off a phone's screen
    page.get_by_role("contentinfo").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_label("Something new in my plan (a suggestion)")).to_be_checked()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"notifications-{size}.png"), full_page=True)

    page.get_by_label("Once a day, one email that counts what is new").check()
    page.get_by_label("A check-in to answer").uncheck()
    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Please give both times of your quiet hours, or leave both empty.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / f"notifications-error-{size}.png"), full_page=True)

    page.get_by_label("Quiet until").fill("07:30")
    page.get_by_label("In the time zone").select_option("Europe/London")
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    assert_accessible(page)
    saved = Preference.objects.get(member=people.client)
    assert (saved.frequency, "checkin" in saved.kinds, saved.time_zone) == ("daily", False, "Europe/London")


def test_an_admin_is_told_there_is_nothing_to_choose_yet(sized, people: People) -> None:
    page, _ = sized
    sign_in(page, people.admin.user.email, PASSWORD)
    page.goto("/account/notifications/")
    expect(page.get_by_text("Alongside does not send notifications to people in your role yet.")).to_be_visible()
    assert_accessible(page)


def test_a_supervisor_chooses_to_hear_of_co_signatures_once_a_day(sized, people: People) -> None:
    page, _ = sized
    sign_in(page, people.supervisor.user.email, PASSWORD)
    page.goto("/account/notifications/")
    expect(page.get_by_label("A session record waits for a supervisor's co-signature")).to_be_checked()
    page.get_by_label("A supervisor returned a session record to me").uncheck()
    page.get_by_label("Once a day, one email that counts what is new").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("status")).to_be_visible()
    saved = Preference.objects.get(member=people.supervisor)
    assert (saved.kinds, saved.frequency) == (["cosign_waiting"], "daily")
