"""Messages in a real browser on a phone: a client and their supporter exchange messages with a read receipt,
the client withdraws one, and a new supporter reads the earlier messages only once the client agrees. Every
page passes axe-core; screenshots at phone and desktop size are kept in pytest's temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import People
from tests.conversations.factories import new_supporter_joins
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send(page: Any, words: str) -> None:
    page.get_by_label("Your message").fill(words)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text(words)).to_be_visible()


def test_an_exchange_with_a_receipt_a_withdrawal_and_a_new_supporter(
    chromium: Any, live_server: Any, people: People, tmp_path: Path
) -> None:
    client = new_context(chromium, live_server).new_page()
    sign_in(client, people.client.user.email, PASSWORD)
    client.goto("/me/")
    go_to(client, "Messages")
    client.wait_for_url("**/me/messages/")
    assert_accessible(client)
    send(client, "I had a rough night.")
    send(client, "Sorry, wrong person.")
    client.get_by_role("button", name="Withdraw this message").last.click()
    expect(client.get_by_text("This message was withdrawn", exact=False)).to_be_visible()

    supporter = new_context(chromium, live_server).new_page()
    sign_in(supporter, people.supporter.user.email, PASSWORD)
    supporter.goto(f"/people/{people.client.pk}/")
    supporter.get_by_role("link", name="Messages").last.click()
    expect(supporter.get_by_text("I had a rough night.")).to_be_visible()
    expect(supporter.get_by_text("Sorry, wrong person.")).to_have_count(0)
    expect(supporter.get_by_text("This message was withdrawn", exact=False)).to_be_visible()
    assert_accessible(supporter)
    send(supporter, "Thank you for telling me. Shall we talk today?")

    client.reload()
    expect(client.get_by_text("Thank you for telling me.", exact=False)).to_be_visible()
    expect(client.get_by_text("Seen by Sam Supporter")).to_be_visible()
    assert_accessible(client)
    supporter.reload()
    expect(supporter.get_by_text("Seen by Casey Client")).to_be_visible()
    for size, viewport in (("phone", None), ("desktop", {"width": 1280, "height": 900})):
        for name, page in (("client", client), ("supporter", supporter)):
            if viewport:
                page.set_viewport_size(viewport)
            page.screenshot(path=str(tmp_path / f"messages-{name}-{size}.png"), full_page=True)
    client.set_viewport_size({"width": 390, "height": 844})

    new_supporter_joins(people.client, people.unassigned_supporter)
    newcomer = new_context(chromium, live_server).new_page()
    sign_in(newcomer, people.unassigned_supporter.user.email, PASSWORD)
    newcomer.goto(f"/people/{people.client.pk}/messages/")
    expect(newcomer.get_by_text("Earlier messages", exact=False)).to_be_visible()
    expect(newcomer.get_by_text("I had a rough night.")).to_have_count(0)
    assert_accessible(newcomer)
    newcomer.screenshot(path=str(tmp_path / "messages-newcomer-phone.png"), full_page=True)

    client.reload()
    agreement = client.get_by_role("group", name="May Una Unassigned read your messages", exact=False)
    agreement.get_by_label("Yes").check()
    agreement.get_by_role("button", name="Save").click()
    expect(client.get_by_text("Your choice is saved.")).to_be_visible()
    assert_accessible(client)
    newcomer.reload()
    expect(newcomer.get_by_text("I had a rough night.")).to_be_visible()
    expect(newcomer.get_by_text("Earlier messages", exact=False)).to_have_count(0)
