"""The coach in a real browser: hints appear while typing, can be dismissed, "Before you share" looks once
more before words reach the client, and the pages are accessible."""

import pytest
from playwright.sync_api import expect

from alongside.meetings import actions as meeting_actions
from alongside.plans import actions as plan_actions
from alongside.plans.models import Encouragement
from tests.conftest import People
from tests.factories import PASSWORD
from tests.meetings.factories import meeting

from .conftest import assert_accessible, go_to, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practice_hints_while_typing_and_dismiss(page, people: People) -> None:
    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/people/")
    go_to(page, "Practice")
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


HURTFUL = "Jordan is non-compliant and a junkie."


def test_before_you_share_edit_keeps_the_words_and_share_anyway_shares(page, people: People) -> None:
    step = plan_actions.add_step(
        plan_actions.create_goal(people.client, {"text": "Sleep"}, by=people.client), "Walk", by=people.client
    )
    plan_actions.set_status(step, "completed", by=people.client)
    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/people/")
    page.goto(f"/people/{people.client.pk}/plan/")
    box = page.get_by_label("A word of encouragement for this milestone")
    box.press_sequentially(HURTFUL, delay=5)
    page.locator(".hints-slot").get_by_text("“junkie”").wait_for()  # hints while typing, nothing sent
    page.get_by_role("button", name="Send encouragement").click()

    panel = page.get_by_role("region", name="Before you share")
    expect(panel).to_be_focused()
    expect(panel.get_by_text("“non-compliant”")).to_be_visible()
    expect(panel.get_by_text("“junkie”")).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("button", name="Edit").click()

    words = page.get_by_label("A word of encouragement")
    expect(words).to_have_value(HURTFUL)
    expect(words).to_be_focused()
    expect(page.get_by_role("region", name="Before you share")).to_have_count(0)
    expect(page.get_by_role("heading", name="Wording to reconsider")).to_be_visible()
    assert_accessible(page)
    assert not Encouragement.objects.exists()

    words.fill(HURTFUL.replace("junkie", "addict"))  # other words are looked at again
    page.get_by_role("button", name="Send encouragement").click()
    expect(page.get_by_role("region", name="Before you share").get_by_text("“addict”")).to_be_visible()
    page.get_by_role("region", name="Before you share").get_by_role("button", name="Share anyway").click()
    page.wait_for_url(f"**/people/{people.client.pk}/plan/**")
    expect(page.get_by_text("Your encouragement is on the milestone.")).to_be_visible()
    assert [e.text for e in Encouragement.objects.all()] == [HURTFUL.replace("junkie", "addict")]


def test_before_you_share_a_note_works_without_javascript(chromium, live_server, people: People) -> None:
    note = meeting_actions.write_note(meeting(people), HURTFUL, by=people.supporter)
    context = new_context(chromium, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, people.supporter.user.email, PASSWORD)
        page.goto(f"/people/{people.client.pk}/meetings/{note.meeting_id}/")
        share = page.get_by_role("button", name=f"Share with {people.client.user.display_name}")
        share.click()
        panel = page.get_by_role("region", name="Before you share")
        expect(panel.get_by_text("“junkie”")).to_be_visible()
        panel.get_by_role("link", name="Edit").click()
        expect(page.get_by_role("textbox", name="Note")).to_have_value(HURTFUL)
        page.get_by_role("link", name="Cancel").click()
        share.click()
        page.get_by_role("region", name="Before you share").get_by_role("button", name="Share anyway").click()
        expect(page.get_by_text(f"Shared with {people.client.user.display_name}")).to_be_visible()
    finally:
        context.close()
    note.refresh_from_db()
    assert note.is_published and note.body == HURTFUL
