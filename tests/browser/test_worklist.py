"""A wellbeing drop beyond the reliable-change threshold reaches the supporter's worklist and the supervisor's
team view; the supporter acts on one signal and sets another aside with a reason. Every page passes axe-core;
screenshots at phone and desktop size are kept in pytest's temporary folder."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.consent.models import RecipientKind
from alongside.feedback.models import CheckinRequest
from tests.conftest import People
from tests.consent.factories import share
from tests.factories import PASSWORD, assign, client_member
from tests.feedback.factories import answered, load_with_reliability

from .conftest import assert_accessible, go_to, open_menu, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CASEY_DROP = "Wellbeing check-in fell from 38 to 8"  # four answers of 2
ROBIN_DROP = "Wellbeing check-in fell from 36 to 8"


def sign_out(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")


def snap(page, tmp_path: Path, name: str) -> None:
    """The page at phone size, then at desktop size, then back to the phone."""
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(tmp_path / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def test_a_wellbeing_drop_on_both_worklists_acted_on_and_set_aside(page, people: People, tmp_path: Path) -> None:
    # r = 0.8 and SD = 8: a change must exceed 9.9 points to be reliable.
    form = load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.8, sd=8)
    answered(people.client, "", [38], form=form, start=timezone.now() - timedelta(weeks=1))
    CheckinRequest.objects.create(organisation=people.organisation, client=people.client, questionnaire=form)
    robin = client_member(people.organisation, user__display_name="Robin Rivers")
    assign(robin, people.supporter)
    answered(robin, "", [36, 8], form=form, start=timezone.now() - timedelta(weeks=2))
    for client in (people.client, robin):
        share(client, kind=RecipientKind.SUPERVISORS, areas=["checkins"])

    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    page.get_by_role("link", name="Wellbeing check-in").first.click()
    for question in page.get_by_role("group", name=re.compile(r"^\d\. ")).all():
        question.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your peer supporter has been asked to talk this through with you.")).to_be_visible()
    sign_out(page)

    sign_in(page, people.supervisor.user.email, PASSWORD)
    page.goto("/team/")
    expect(page.get_by_text(CASEY_DROP)).to_be_visible()
    expect(page.get_by_text(ROBIN_DROP)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Set aside"))).to_have_count(0)
    assert_accessible(page)
    snap(page, tmp_path, "team")
    sign_out(page)

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.wait_for_url("**/people/")
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    expect(page.get_by_text(CASEY_DROP)).to_be_visible()
    expect(page.get_by_text("beyond the 9.9-point reliable-change threshold").first).to_be_visible()
    assert_accessible(page)
    snap(page, tmp_path, "worklist")

    page.get_by_role("link", name=f"Answer the prompt for {people.client.user.display_name}").click()
    page.get_by_label("You said…").fill("this week has been really hard")
    page.get_by_label("…so next time we will…").fill("start with how you are sleeping")
    page.get_by_role("button", name="Send my response").click()
    go_to(page, "My people")
    expect(page.get_by_text(ROBIN_DROP)).to_be_visible()
    expect(page.get_by_text(CASEY_DROP)).to_have_count(0)

    page.get_by_role("link", name="Set aside (check-in worse, Robin Rivers)").click()
    expect(page.get_by_text(ROBIN_DROP)).to_be_visible()
    page.get_by_role("button", name="Set aside").click()
    expect(
        page.locator(".error-summary").get_by_text("Please say why you are setting this aside.")
    ).to_be_visible()  # the error summary, first
    assert_accessible(page)
    page.get_by_label("Why are you setting this aside?").fill("We spoke on the phone today; a family loss.")
    snap(page, tmp_path, "set-aside")
    page.get_by_role("button", name="Set aside").click()
    page.wait_for_url("**/people/")
    expect(page.get_by_text("Set aside. It comes back if something new happens for Robin Rivers.")).to_be_visible()
    expect(page.get_by_text(ROBIN_DROP)).to_have_count(0)
    assert_accessible(page)
    snap(page, tmp_path, "worklist-after")
    sign_out(page)

    sign_in(page, people.supervisor.user.email, PASSWORD)
    page.goto("/team/")
    expect(
        page.get_by_text("Nothing needs attention among the people who share their record with you.")
    ).to_be_visible()


def test_an_admin_changes_when_the_worklist_says_someone_has_not_been_seen(
    page, people: People, tmp_path: Path
) -> None:
    sign_in(page, people.admin.user.email, PASSWORD)
    page.goto("/organisation/")
    page.get_by_role("link", name="Worklist settings").click()
    field = page.get_by_label("Days without a meeting before the worklist says so")
    expect(field).to_have_value("21")
    field.fill("14")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved. Worklists use the new numbers from now on.")).to_be_visible()
    expect(field).to_have_value("14")
    assert_accessible(page)
    snap(page, tmp_path, "settings")
