"""The client's "for you now" in a real browser: a new suggestion and a new note are the first thing on a phone,
one tap reaches the note, and its "new" marker clears once it is read. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.conftest import People
from tests.factories import PASSWORD
from tests.meetings.factories import shared_note
from tests.plans.factories import make_suggestion

from .conftest import assert_accessible, go_to, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_HEIGHT = 844


def test_a_new_suggestion_and_note_wait_for_the_client_until_read(page, people: People) -> None:
    note = shared_note(people, "We planned the first week back at work.")
    make_suggestion(people.client, people.supporter, kind="goal", text="Join the Tuesday walking group")

    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    for_you = page.locator("section.for-you")
    expect(for_you.get_by_role("heading", name="For you now")).to_be_visible()
    expect(for_you.get_by_role("link", name="A suggestion from Sam Supporter, for you to decide")).to_be_visible()
    new_note = for_you.get_by_role("link", name="New A note from Sam Supporter to read")
    expect(new_note).to_be_visible()
    box = for_you.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE_HEIGHT, box  # all of it on the first screen
    assert_accessible(page)

    new_note.click()
    expect(page.get_by_text("We planned the first week back at work.")).to_be_visible()
    expect(page.locator(f"#note-{note.pk}-title .badge-new")).to_have_text("New")  # shown as it is read
    assert_accessible(page)

    go_to(page, "My journey")
    page.wait_for_url("**/me/")
    expect(for_you.get_by_role("link", name="A suggestion from Sam Supporter, for you to decide")).to_be_visible()
    expect(for_you.get_by_text("to read")).to_have_count(0)
    page.goto(f"/people/{people.client.pk}/meetings/")
    expect(page.get_by_role("table")).to_be_visible()
    expect(page.locator(".badge-new")).to_have_count(0)
    assert_accessible(page)
