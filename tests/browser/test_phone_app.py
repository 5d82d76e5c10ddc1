"""The phone app in a real browser on a 390 by 844 screen (docs/phone-app.md): the menu button, the error summary,
drafts written offline and sent once when the connection is back, and signing out clearing what the app kept.
Every page passes axe-core; screenshots go to pytest's temporary folder for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.feedback.models import CheckinRequest, Response
from alongside.plans.models import JournalEntry
from tests.conftest import People
from tests.factories import PASSWORD
from tests.meetings.factories import meeting

from .conftest import assert_accessible, new_context, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAITING = "Your journal entry is waiting to send. It will send when you're back online."


def test_the_phone_menu_opens_and_closes_by_touch_and_keyboard(
    page: Any, people: People, chromium: Any, live_server: Any, tmp_path: Path
) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="My plan")).to_be_hidden()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-nav-closed.png")
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] < 80  # one line: brand, Help now, Menu

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="How I want to be supported")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-nav-open.png")
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="My journey")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/me/plan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("plan")
    sign_out(page)
    page.wait_for_url("**/account/login/**")

    desktop = new_context(chromium, live_server, viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    sign_in(wide, people.client.user.email, PASSWORD)
    wide_nav = wide.get_by_role("navigation", name="Main")
    expect(wide_nav.get_by_role("button", name="Menu")).to_be_hidden()
    expect(wide_nav.get_by_role("link", name="My plan")).to_be_visible()
    assert_accessible(wide)
    wide.screenshot(path=tmp_path / "desktop-nav.png")
    desktop.close()


def test_without_javascript_the_whole_navigation_shows(people: People, chromium: Any, live_server: Any) -> None:
    context = new_context(chromium, live_server, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, people.client.user.email, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My plan")).to_be_visible()
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()


def test_the_error_summary_comes_first_and_takes_the_focus(page: Any, people: People, tmp_path: Path) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.goto("/me/journal/")
    page.get_by_role("button", name="Save entry").click()
    summary = page.get_by_role("alert").filter(has_text="Nothing was saved yet")
    expect(summary).to_be_focused()
    assert summary.bounding_box()["y"] < 844  # on the first screen of a phone
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-error-summary.png")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("What is on your mind?")).to_be_focused()


def test_a_journal_entry_written_offline_is_sent_once_when_the_connection_returns(
    page: Any, people: People, tmp_path: Path
) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.goto("/me/journal/")
    page.context.set_offline(True)
    page.get_by_label("What is on your mind?").fill("Written on the bus, no signal.")
    page.get_by_role("button", name="Save entry").click()
    waiting = page.get_by_role("status").get_by_text(WAITING)
    expect(waiting).to_be_visible()
    expect(page.get_by_label("What is on your mind?")).to_have_value("")  # ready for another
    assert not JournalEntry.objects.exists()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-waiting-to-send.png")

    # The same draft kept twice (as if two tabs had kept it): the form's key makes the server store it once.
    page.evaluate(
        "() => { const d = JSON.parse(localStorage.getItem('alongside-drafts'));"
        " localStorage.setItem('alongside-drafts', JSON.stringify([d[0], {...d[0], id: 'copy'}])); }"
    )
    page.context.set_offline(False)
    expect(page.get_by_role("status").get_by_text("Sent: your journal entry.")).to_be_visible()
    expect(waiting).to_be_hidden()
    assert JournalEntry.objects.get().text == "Written on the bus, no signal."
    assert page.evaluate("() => JSON.parse(localStorage.getItem('alongside-drafts'))") == []
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-sent.png")
    page.reload()
    expect(page.get_by_text("Written on the bus, no signal.")).to_be_visible()
    assert JournalEntry.objects.count() == 1


def test_a_checkin_answered_offline_is_sent_once_when_the_connection_returns(
    page: Any, people: People, tmp_path: Path
) -> None:
    checkin = CheckinRequest.objects.get(meeting=meeting(people))
    sign_in(page, people.client.user.email, PASSWORD)
    page.goto(f"/people/{people.client.pk}/check-ins/{checkin.pk}/")
    page.get_by_role("button", name="Send", exact=True).click()  # nothing chosen: the summary links each question
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-checkin-errors.png")
    summary.get_by_role("link").first.click()
    expect(page.locator("fieldset.scale-question").first.locator("input").first).to_be_focused()
    page.context.set_offline(True)
    for group in page.locator("fieldset.scale-question").all():
        group.locator(".scale-choice").last.click()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status").get_by_text("Your check-in is waiting to send.")).to_be_visible()
    assert_accessible(page)
    page.context.set_offline(False)
    expect(page.get_by_role("status").get_by_text("Sent: your check-in.")).to_be_visible()
    assert Response.objects.filter(request=checkin).count() == 1


def test_signing_out_removes_the_app_and_its_copies_from_the_device(page: Any, people: People) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.goto("/me/plan/")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.wait_for_function("async () => (await caches.keys()).length === 1")
    kept = page.evaluate(
        "async () => { const c = await caches.open((await caches.keys())[0]);"
        " return (await c.keys()).map((r) => new URL(r.url).pathname); }"
    )
    assert "/static/alongside/site.css" in kept and "/offline/" in kept
    assert all(path.startswith("/static/") or path == "/offline/" for path in kept)  # nothing from the record
    page.evaluate("() => localStorage.setItem('alongside-drafts', '[]')")

    sign_out(page)
    page.wait_for_url("**/account/login/**")
    page.wait_for_function("async () => (await caches.keys()).length === 0")
    assert page.evaluate("() => localStorage.getItem('alongside-drafts')") is None
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
