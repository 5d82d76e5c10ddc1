"""How I want to be supported, in a real browser on a phone: the client fills it in; their supporter sees it at
the top of the client's record and gets a hint, while writing a note, for a word the client asked not to hear
(the note is still saved: the coach advises, never blocks). Every page passes axe-core; screenshots of each
step, on a phone and on a desktop, go to pytest's temporary folder for a person to look at (``--basetemp``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.meetings.models import Note
from tests.conftest import People
from tests.factories import PASSWORD
from tests.meetings.factories import meeting

from .conftest import assert_accessible, new_context, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_in_on_a_phone(page: Any, shots: Path) -> None:
    page.get_by_role("link", name="How I want to be supported").click()  # from My journey
    page.wait_for_url("**/me/how-i-want-to-be-supported/")
    assert_accessible(page)
    page.get_by_role("link", name="Write how I want to be supported").click()
    assert_accessible(page)
    page.get_by_label("What helps me").fill("Walking while we talk. Being asked what I think first.")
    page.get_by_label("Text message").check()
    page.get_by_label("Anything else about contacting me").fill("Text me, not calls.")
    page.get_by_label("Harm reduction").check()
    page.get_by_label("My pathway in my own words").fill("Fewer days using, and safer ones.")
    page.get_by_label("Words I would rather not hear").fill("sweetheart\naddict")
    page.screenshot(path=shots / "phone-edit.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/me/how-i-want-to-be-supported/")
    expect(page.get_by_text("Your supporters will see it at the top of your record.")).to_be_visible()
    expect(page.get_by_text("Text message", exact=True)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=shots / "phone-mine.png", full_page=True)


def test_the_client_fills_it_in_and_their_supporter_sees_it_and_gets_a_hint(
    page: Any, people: People, chromium: Any, live_server: Any, tmp_path: Path
) -> None:
    recorded = meeting(people)
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    fill_in_on_a_phone(page, tmp_path)
    sign_out(page)
    page.wait_for_url("**/account/login/**")

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.goto(f"/people/{people.client.pk}/")
    summary = page.get_by_role("region", name="How Casey Client wants to be supported")
    expect(summary.get_by_text("Walking while we talk.")).to_be_visible()
    expect(summary.get_by_text("sweetheart")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "phone-overview.png", full_page=True)

    page.goto(f"/people/{people.client.pk}/meetings/{recorded.pk}/")
    expect(page.get_by_role("region", name="How Casey Client wants to be supported")).to_be_visible()
    box = page.get_by_role("textbox", name="Note")
    box.press_sequentially("Thanks, sweetheart, for coming in today.", delay=5)
    hint = page.locator(".hints-slot").get_by_text("Casey Client asked not to hear “sweetheart”")
    hint.wait_for()  # while typing, nothing saved
    assert not Note.objects.exists()
    assert_accessible(page)
    hint.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "phone-hint.png")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Your note is saved as a draft.")).to_be_visible()
    assert Note.objects.get().body == "Thanks, sweetheart, for coming in today."  # advised, not blocked

    desktop = new_context(chromium, live_server, viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    sign_in(wide, people.supporter.user.email, PASSWORD)
    wide.goto(f"/people/{people.client.pk}/")
    wide.screenshot(path=tmp_path / "desktop-overview.png", full_page=True)
    wide.get_by_role("link", name="Everything Casey Client wrote about how they want to be supported").click()
    expect(wide.get_by_text("Fewer days using, and safer ones.")).to_be_visible()
    assert_accessible(wide)
    wide.screenshot(path=tmp_path / "desktop-client.png", full_page=True)
    desktop.close()
