"""A readable copy of my record in a real browser: the client opens it from My data on a phone, every part is
there, it passes axe-core, the button prints, and printed it has no navigation or buttons. Screenshots at
phone size, desktop size and as printed are kept in pytest's temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import People
from tests.crisis.factories import write_plan
from tests.factories import PASSWORD
from tests.feedback.factories import answered_items, questionnaire
from tests.interop.factories import rich_record
from tests.support.factories import write_preferences

from .conftest import assert_accessible, confirm_password, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_client_reads_and_prints_their_whole_record(page: Any, people: People, tmp_path: Path) -> None:
    rich_record(people)
    write_plan(people.client)
    write_preferences(people.client)
    answered_items(people.client, questionnaire("session-checkin"), [[10, 9, 3, 8]])
    sign_in(page, people.client.user.email, PASSWORD, a_while_ago=True)
    page.goto("/me/data/")
    page.get_by_role("link", name="Read my record").click()
    confirm_password(page, PASSWORD)
    page.wait_for_url("**/me/data/readable/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"Your record at {people.organisation.name}, as of ")
    for part in ("Who you are", "Your plan and journal", "Your check-ins", "Your crisis plan", "Your messages"):
        expect(page.get_by_role("heading", name=part, exact=True)).to_be_visible()
    expect(page.get_by_text("I also said I was nervous.")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "record-phone.png"), full_page=True)
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert not wide, f"the page scrolls sideways on a phone: {wide[:5]}"

    button = page.get_by_role("button", name="Print or save as PDF")
    expect(button).to_be_visible()  # shown by the script; without it the page reads the same, with no button
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    button.click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")

    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    expect(page.get_by_role("link", name="Back to My data")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Parts of your record")).to_be_hidden()
    expect(heading).to_be_visible()
    breaks = page.eval_on_selector_all(".record-part", "parts => parts.map(p => getComputedStyle(p).breakBefore)")
    assert breaks[0] != "page" and set(breaks[1:]) == {"page"}
    page.screenshot(path=str(tmp_path / "record-print.png"), full_page=True)
    page.pdf(path=str(tmp_path / "record.pdf"))

    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "record-desktop.png"), full_page=True)
