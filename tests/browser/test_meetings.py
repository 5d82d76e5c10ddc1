"""The whole loop in a real browser: a meeting and a shared note, the client's view and a low check-in,
the supporter's response, and the client reading it. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, open_menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION_ANSWERS = {
    "1. I felt heard and respected.": "6",
    "2. We worked on what I wanted to work on.": "8",
    "3. The way we worked fit me.": "7",
    "4. Overall, this session was right for me.": "7",
}


def sign_out(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")


def test_meeting_note_view_checkin_prompt_and_response(page, people: People) -> None:
    client_name = people.client.user.display_name

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.get_by_role("link", name=client_name).click()
    assert_accessible(page)
    page.get_by_role("link", name="Meetings and notes").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("When did you meet?").fill("2025-03-01T10:00")
    page.get_by_label("Video").check()
    page.get_by_label("How long, in minutes?").fill("45")
    assert_accessible(page)
    page.get_by_role("button", name="Save the meeting").click()
    page.get_by_role("textbox", name="Note").fill("We planned the first week back at work.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Draft: only you can see this")).to_be_visible()
    page.get_by_role("button", name=f"Share with {client_name}").click()
    expect(page.get_by_text(f"Shared with {client_name}")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    assert_accessible(page)
    page.get_by_role("link", name="My meetings and notes").click()
    page.get_by_role("link", name="1 Mar 2025").click()
    expect(page.get_by_text("We planned the first week back at work.")).to_be_visible()
    page.get_by_text("Add your view").click()
    page.get_by_label("Your view").fill("I also want to practise the bus route first.")
    assert_accessible(page)
    page.get_by_role("button", name="Add my view").click()
    expect(page.get_by_text("I also want to practise the bus route first.")).to_be_visible()
    go_to(page, "My journey")
    page.get_by_role("link", name="Session check-in").click()
    expect(page.get_by_text(f"{people.supporter.user.display_name} will see your answers")).to_be_visible()
    assert_accessible(page)
    for question, value in SESSION_ANSWERS.items():
        page.get_by_role("group", name=question).get_by_role("radio", name=value, exact=True).check()
    page.get_by_label("What could be better?").fill("I felt rushed at the end.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("will see this and will talk it through with you")).to_be_visible()
    expect(page.get_by_text("Your peer supporter has been asked to talk this through with you.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.goto(f"/people/{people.client.pk}/")
    page.get_by_role("link", name="Check-ins and conversations").click()
    expect(page.get_by_text("I felt rushed at the end.")).to_be_visible()
    expect(page.get_by_text("total was below 36")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Respond to {client_name}").click()
    assert_accessible(page)
    page.get_by_label("You said…").fill("you felt rushed at the end")
    page.get_by_label("…so next time we will…").fill("stop ten minutes early to plan together")
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_text(f"{client_name} can now read your response")).to_be_visible()
    sign_out(page)

    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    expect(page.locator(".loop").get_by_text("stop ten minutes early to plan together")).to_be_visible()
    page.get_by_role("link", name=f"{people.supporter.user.display_name} replied to what you said").click()
    expect(page.get_by_text("New reply")).to_be_visible()  # "For you now" leads to it, marked new this once
    expect(page.locator(".loop").get_by_text("stop ten minutes early to plan together")).to_be_visible()
    expect(page.get_by_role("img", name="Session check-in totals over time")).to_be_visible()
    assert_accessible(page)


def test_admin_definitions_page_is_accessible_and_fits_a_phone(page, people: People, tmp_path) -> None:
    """Each definition is a block of its own on a phone (the table was 743 px wide on a 390 px screen)."""
    sign_in(page, people.admin.user.email, PASSWORD)
    page.goto("/organisation/check-ins/")
    expect(page.get_by_text("Vilsaint").first).to_be_visible()
    page.screenshot(path=tmp_path / "phone-definitions.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
