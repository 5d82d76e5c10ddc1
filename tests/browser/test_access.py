"""Accounts and access in a real browser: offboarding with a handover, a client's two-step sign-in,
and an admin reviewing an emergency opening."""

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import People
from tests.consent.factories import open_in_emergency
from tests.factories import PASSWORD

from .conftest import assert_accessible, go_to, new_context, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_offboards_a_supporter_and_hands_their_client_over(page, chromium, live_server, people: People) -> None:
    leaving = new_context(chromium, live_server)
    supporter = leaving.new_page()
    sign_in(supporter, people.supporter.user.email, PASSWORD)
    supporter.wait_for_url("**/people/")

    sign_in(page, people.admin.user.email, PASSWORD)
    page.wait_for_url("**/organisation/")
    page.get_by_role("link", name="Sam Supporter").click()
    page.get_by_role("link", name="End access…").click()
    assert_accessible(page)
    page.get_by_role("button", name="End access now").click()
    expect(
        page.locator(".error-summary").get_by_text("Please choose who takes on Casey Client.")
    ).to_be_visible()  # the error summary, first
    page.get_by_label("Who walks alongside Casey Client now?").select_option(label="Una Unassigned")
    page.get_by_role("button", name="End access now").click()
    expect(
        page.get_by_text("Sam Supporter no longer has access. Handed over: 1 of 1. Each of them was told.")
    ).to_be_visible()
    expect(page.get_by_text("access ended")).to_be_visible()
    assert_accessible(page)

    supporter.reload()
    supporter.wait_for_url("**/account/login/**")
    expect(supporter.get_by_text("Your access to Alongside has ended")).to_be_visible()
    leaving.close()

    assert any("Una Unassigned now walks alongside you" in message.body for message in mail.outbox)
    client = new_context(chromium, live_server).new_page()
    sign_in(client, people.client.user.email, PASSWORD)
    client.wait_for_url("**/me/")
    expect(client.get_by_text("taking over from Sam Supporter, who has left")).to_be_visible()
    client.context.close()


def test_a_client_turns_on_two_step_sign_in_and_uses_a_recovery_code(
    page, chromium, live_server, people: People
) -> None:
    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    go_to(page, "Two-step sign-in")
    device = TOTPDevice.objects.get(user=people.client.user)
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is on.").first).to_be_visible()
    page.get_by_role("link", name="Make recovery codes").click()
    page.get_by_role("button", name="Make recovery codes").click()
    codes = page.get_by_role("list", name="Your recovery codes").locator("code")
    expect(codes).to_have_count(10)
    assert_accessible(page)
    first_code = codes.first.inner_text()

    later = new_context(chromium, live_server).new_page()
    sign_in(later, people.client.user.email, PASSWORD)
    later.wait_for_url("**/account/two-factor/**")
    later.get_by_role("link", name="Use a recovery code instead").click()
    assert_accessible(later)
    later.get_by_label("A recovery code").fill(first_code)
    later.get_by_role("button", name="Continue").click()
    later.wait_for_url(re.compile(r".*/me/$"))
    expect(later.get_by_role("heading", name="My journey")).to_be_visible()
    later.context.close()


def test_admin_reviews_an_emergency_opening(page, chromium, live_server, people: People) -> None:
    opening = open_in_emergency(people.supervisor, people.client, reason="Casey wrote she is not safe tonight")
    supervisor = new_context(chromium, live_server).new_page()
    sign_in(supervisor, people.supervisor.user.email, PASSWORD)
    supervisor.goto(f"/shared/{people.client.pk}/")
    supervisor.get_by_role("link", name=re.compile(r"^Casey Client.s plan$")).click()
    supervisor.wait_for_url(f"**/people/{people.client.pk}/plan/")
    supervisor.go_back()
    supervisor.get_by_role("button", name="I am done: end emergency access now").click()
    expect(supervisor.get_by_text("Your emergency access to Casey Client's record has ended.")).to_be_visible()
    supervisor.context.close()

    sign_in(page, people.admin.user.email, PASSWORD)
    page.wait_for_url("**/organisation/")
    page.get_by_role("link", name="Emergency access review").click()
    assert_accessible(page)
    expect(page.get_by_text("Casey wrote she is not safe tonight")).to_be_visible()
    page.get_by_role("link", name=re.compile("Vera Supervisor opened Casey Client")).click()
    expect(page.get_by_text("their plan")).to_be_visible()
    expect(page.get_by_text("ended early by Vera Supervisor")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_text("Every emergency opening has been reviewed.")).to_be_visible()
    opening.refresh_from_db()
    assert opening.reviewed_by == people.admin.user
