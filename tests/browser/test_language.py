"""The coach in a real browser: hints appear while typing, can be dismissed, and the pages are accessible."""

import pytest
from playwright.sync_api import expect

from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practice_hints_while_typing_and_dismiss(page, people: People) -> None:
    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/people/")
    page.get_by_role("link", name="Practice").click()
    assert_accessible(page)
    page.get_by_role("link", name="I was doing so well").click()
    reply = page.get_by_label("Your reply")
    reply.press_sequentially("You must stop acting like an addict.", delay=5)
    live = page.locator(".hints-slot")
    live.get_by_text("“addict”").wait_for()  # hints arrive while typing, before anything is submitted
    reply.fill("You need to stop drinking. It's up to you what happens next.")
    page.get_by_role("button", name="Get feedback").click()
    expect(page.get_by_role("heading", name="Wording to reconsider")).to_be_visible()
    expect(page.get_by_role("heading", name="What works well")).to_be_visible()
    expect(page.get_by_role("heading", name="Practice indicators")).to_be_visible()
    assert_accessible(page)
    hints = page.locator(".hint-directive")
    before = hints.count()
    page.get_by_role("button", name="Dismiss").first.click()
    expect(hints).to_have_count(before - 1)
