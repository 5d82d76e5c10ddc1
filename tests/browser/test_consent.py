"""A client shares part of their record, the recipient reads it, the client stops sharing and sees who looked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import People
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_grant_read_revoke_refused_and_seen(page, chromium, live_server, people: People) -> None:
    client_name, recipient_name = people.client.user.display_name, people.supervisor.user.display_name
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    go_to(page, "Sharing")
    assert_accessible(page)
    page.get_by_label("A person in my organisation").check()
    page.get_by_label("The person in your organisation").select_option(label=f"{recipient_name} (Supervisor)")
    page.get_by_label("My recovery plan", exact=False).check()
    page.get_by_label("What is the sharing for?").fill("So my supervisor can help me plan my move.")
    page.get_by_label("Last day of sharing").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_label("Type your name to sign").fill(client_name)
    page.get_by_role("button", name="Sign and share").click()
    page.get_by_role("heading", name="Consent to share my records").wait_for()
    assert_accessible(page)

    recipient = new_context(chromium, live_server).new_page()
    sign_in(recipient, people.supervisor.user.email, PASSWORD, a_while_ago=True)
    recipient.wait_for_url("**/team/")
    recipient.goto("/shared/")
    assert_accessible(recipient)
    recipient.get_by_role("link", name=client_name, exact=True).click()
    recipient.get_by_role("heading", name=client_name).wait_for()
    record_url = recipient.url
    assert_accessible(recipient)
    recipient.get_by_role("link", name=re.compile(r"^Casey Client.s plan$")).click()  # read in the browser
    recipient.wait_for_url(f"**/people/{people.client.pk}/plan/")
    assert_accessible(recipient)
    recipient.go_back()
    recipient.get_by_role("link", name="Download what is shared (JSON)").click()
    recipient.get_by_label("Your password").fill(PASSWORD)
    assert_accessible(recipient)
    with recipient.expect_download() as download:
        recipient.get_by_role("button", name="Continue").click()
    assert download.value.suggested_filename.startswith("shared-record-")

    page.goto("/me/sharing/")
    page.get_by_role("button", name=f"Stop sharing with {recipient_name}").click()
    expect(page.get_by_text("You stopped sharing with")).to_be_visible()
    assert_accessible(page)

    refused = recipient.goto(record_url)
    assert refused is not None and refused.status == 404
    assert client_name not in recipient.content()

    go_to(page, "Who has seen my record")
    expect(page.get_by_text(f"{recipient_name} opened what you share with them").first).to_be_visible()
    expect(page.get_by_text(f"{recipient_name} downloaded what you share with them")).to_be_visible()
    expect(page.get_by_text("You stopped sharing with")).to_be_visible()
    assert_accessible(page)
    recipient.context.close()


def test_supervisor_opens_a_record_in_an_emergency(page, people: People) -> None:
    sign_in(page, people.supervisor.user.email, PASSWORD)
    page.wait_for_url("**/team/")
    page.get_by_role("link", name="Open a record in an emergency").click()
    assert_accessible(page)
    page.get_by_role("button", name="Open the record").click()
    expect(
        page.locator(".error-summary").get_by_text("Please choose whose record you need to open.")
    ).to_be_visible()  # the error summary, first
    page.get_by_label("Whose record").select_option(label=people.client.user.display_name)
    page.get_by_label("Why do you need to open it without their consent?").fill("Missed two check-ins; safety check")
    page.get_by_role("button", name="Open the record").click()
    page.get_by_role("heading", name=people.client.user.display_name).wait_for()
    expect(page.get_by_text("You opened this record in an emergency")).to_be_visible()
    assert_accessible(page)
