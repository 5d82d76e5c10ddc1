"""A Spanish speaker's main flows in a real browser on a phone: signing in, deciding on a suggestion in their plan,
a check-in answered offline and sent once, and sharing their record then stopping. Every page is in Spanish (its
``lang``, and no English sentence of the catalogues on it) and passes axe-core. The expected words come from the
Spanish catalogues, so the tests follow the translation instead of repeating it."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from alongside.accounts.models import User
from alongside.feedback.models import CheckinRequest, Response
from alongside.plans import actions
from tests.conftest import People
from tests.factories import PASSWORD
from tests.meetings.factories import meeting
from tests.test_translations import SOURCE, msgids

from .conftest import assert_accessible, go_to, new_context, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def es(english: str, context: str = "", **values: str) -> str:
    """The Spanish the catalogues give for ``english`` (in ``context``, if it has one), with its values filled in."""
    with translation.override("es"):
        spanish = translation.pgettext(context, english) if context else translation.gettext(english)
    assert spanish != english, f"no Spanish for {english!r}"
    return spanish % values if values else spanish


@cache
def english_sentences() -> frozenset[str]:
    """Every English sentence of four words or more in the catalogues: none may show on a Spanish page."""
    found = set()
    for catalogue in SOURCE.rglob("locale/es/LC_MESSAGES/django.po"):
        found |= {text for text in msgids(catalogue.read_text()) if len(text.split()) >= 4 and "%" not in text}
    return frozenset(text.replace('\\"', '"') for text in found)


def assert_in_spanish(page: Any) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    text = " ".join(page.locator("body").inner_text().split())
    left = sorted(sentence for sentence in english_sentences() if sentence in text)
    assert not left, f"English on the Spanish page {page.url}: {left}"


def spanish_phone(chromium: Any, live_server: Any) -> Any:
    """A phone whose browser asks for Spanish: what a Spanish speaker meets before choosing anything."""
    return new_context(chromium, live_server, locale="es-US").new_page()


def sign_in_in_spanish(page: Any, email: str) -> None:
    page.goto("/account/login/")
    assert_in_spanish(page)
    assert_accessible(page)
    page.get_by_label(es("Email address")).fill(email)
    page.get_by_label(es("Password")).fill(PASSWORD)
    page.get_by_role("button", name=es("Sign in")).click()
    page.wait_for_load_state()


def test_sign_in_and_decide_on_a_suggestion_in_spanish(
    chromium: Any, live_server: Any, people: People, tmp_path: Path
) -> None:
    goal = actions.create_goal(people.client, {"text": "Sentirme más fuerte"}, by=people.client)
    actions.suggest(people.client, by=people.supporter, kind="step", text="Ir a nadar", goal=goal, key=uuid.uuid4())
    page = spanish_phone(chromium, live_server)
    page.goto("/account/login/")
    page.screenshot(path=tmp_path / "es-sign-in.png")
    page.get_by_role("button", name=es("Sign in")).click()  # nothing typed: the error is in Spanish too
    assert_in_spanish(page)
    sign_in_in_spanish(page, people.client.user.email)
    page.wait_for_url("**/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text(es("My journey"))
    assert_in_spanish(page)
    assert_accessible(page)

    go_to(page, es("My plan"), es("Main", "navigation"))
    page.wait_for_url("**/me/plan/")
    assert_in_spanish(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "es-plan.png", full_page=True)
    page.get_by_role("link", name=f"{es('Decide')} {es('on: %(text)s', text='Ir a nadar')}").click()
    assert_in_spanish(page)
    assert_accessible(page)
    page.get_by_label(es("Accept it in my own words")).check()
    page.get_by_role("textbox", name=es("My own words")).fill("Nadar los sábados por la mañana")
    page.get_by_role("button", name=es("Save my decision")).click()
    expect(page.get_by_text(es("Added to your plan, in your own words."))).to_be_visible()
    page.get_by_role("button", name=re.compile("^" + re.escape(es("Mark as done")) + r"\W+Nadar los")).click()
    expect(page.get_by_text(es("A milestone: you completed a step. Every step forward counts!"))).to_be_visible()
    assert_in_spanish(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "es-milestone.png", full_page=True)
    open_menu(page)
    page.get_by_role("button", name=es("Sign out")).click()
    page.wait_for_url("**/account/login/**")
    assert_in_spanish(page)


def test_a_checkin_answered_offline_in_spanish_is_sent_once(
    chromium: Any, live_server: Any, people: People, tmp_path: Path
) -> None:
    checkin = CheckinRequest.objects.get(meeting=meeting(people))
    page = spanish_phone(chromium, live_server)
    sign_in_in_spanish(page, people.client.user.email)
    page.goto(f"/people/{people.client.pk}/check-ins/{checkin.pk}/")
    page.get_by_role("button", name=es("Send"), exact=True).click()  # nothing chosen: every question is listed
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_in_spanish(page)
    assert_accessible(page)
    page.context.set_offline(True)
    for question in page.locator("fieldset.scale-question").all():
        question.locator(".scale-choice").last.click()
    page.get_by_role("button", name=es("Send"), exact=True).click()
    what = es("your check-in")
    waiting = es("{what} is waiting to send. It will send when you're back online.").replace(
        "{what}", what[:1].upper() + what[1:]
    )
    expect(page.get_by_role("status").get_by_text(waiting)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=tmp_path / "es-checkin-waiting.png")
    page.context.set_offline(False)
    expect(page.get_by_role("status").get_by_text(es("Sent: {what}.").replace("{what}", what))).to_be_visible()
    assert Response.objects.filter(request=checkin).count() == 1


def test_sharing_and_stopping_in_spanish(chromium: Any, live_server: Any, people: People, tmp_path: Path) -> None:
    recipient = people.supervisor.user.display_name
    page = spanish_phone(chromium, live_server)
    sign_in_in_spanish(page, people.client.user.email)
    go_to(page, es("Sharing"), es("Main", "navigation"))
    assert_in_spanish(page)
    assert_accessible(page)
    page.get_by_label(es("A person in my organisation")).check()
    page.get_by_label(es("The person in your organisation")).select_option(label=f"{recipient} ({es('Supervisor')})")
    plan = es("my recovery plan: my goals, the steps I chose and the suggestions made to me")
    page.get_by_label(plan[:1].upper() + plan[1:]).check()
    page.get_by_label(es("What is the sharing for?")).fill("Para preparar mi mudanza con mi supervisora.")
    page.get_by_label(es("Last day of sharing")).fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_label(es("Type your name to sign")).fill(people.client.user.display_name)
    page.get_by_role("button", name=es("Sign and share")).click()
    page.wait_for_load_state()
    assert_in_spanish(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "es-consent.png", full_page=True)

    page.goto("/me/sharing/")
    page.get_by_role("button", name=f"{es('Stop sharing')} {es('with %(name)s', name=recipient)}").click()
    stopped = es("You stopped sharing with %(name)s. This took effect now.", name="\0").split("\0")[0]
    expect(page.get_by_text(stopped + recipient)).to_be_visible()
    assert_in_spanish(page)
    assert_accessible(page)


def test_the_footer_switches_language_and_the_account_keeps_it(
    chromium: Any, live_server: Any, people: People, tmp_path: Path
) -> None:
    page = new_context(chromium, live_server, locale="en-US").new_page()
    page.goto("/account/login/")
    page.get_by_label("Email address").fill(people.client.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Español").click()
    page.wait_for_url("**/me/")
    assert_in_spanish(page)
    assert_accessible(page)
    page.screenshot(path=tmp_path / "es-after-switch.png", full_page=True)
    assert User.objects.get(pk=people.client.user.pk).language == "es"

    elsewhere = new_context(chromium, live_server, locale="en-US").new_page()  # another device, English browser
    elsewhere.goto("/account/login/")
    elsewhere.get_by_label("Email address").fill(people.client.user.email)
    elsewhere.get_by_label("Password").fill(PASSWORD)
    elsewhere.get_by_role("button", name="Sign in").click()
    elsewhere.wait_for_url("**/me/")
    assert_in_spanish(elsewhere)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert User.objects.get(pk=people.client.user.pk).language == "en"
