"""A group attendee's session record in a real browser, on a phone (390 by 844): the facilitator marks someone
present, documents their attendance from the attendance row, is told plainly that a goal is missing (nothing
entered is lost), links one and signs; a supervisor returns it with a comment, which the facilitator reads by
following their notification's link, then co-signs it once signed again; the attendee reads it and co-signs it.
Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from alongside.billing.models import RecordStatus, SessionRecord
from alongside.notifications.kinds import Kind
from alongside.notifications.models import Delivery
from tests.billing.factories import a_group_session, rules_for
from tests.conftest import People
from tests.factories import PASSWORD
from tests.groups.factories import make_session, mark
from tests.plans.factories import make_goal

from .conftest import assert_accessible, go_to, sign_in
from .conftest import sign_out as signing_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT_WAS_DONE = "Told the group about the first week back at work."
COMMENT = "Please say what the next step is for the work timetable."


def sign_out(page) -> None:
    signing_out(page)
    page.wait_for_url("**/account/login/**")


def sign_as_facilitator(page, next_step: str) -> None:
    page.get_by_label("What is the next step?").fill(next_step)
    page.get_by_label("Your credential").fill("CPRS")
    page.get_by_role("button", name="Sign the record").click()


def open_the_waiting_record(page) -> None:
    go_to(page, "Co-signatures")
    assert_accessible(page)
    page.get_by_role("link", name="Read and co-sign").click()
    expect(page.get_by_text(WHAT_WAS_DONE)).to_be_visible()
    assert_accessible(page)


def test_document_a_group_attendee_return_sign_again_cosign_and_the_attendee_cosigns(page, people: People) -> None:
    name = people.client.user.display_name
    rules_for(people, cosign=True)
    make_goal(people.client, "Get back to work")
    session = a_group_session(people)
    mark(people, make_session(people, session.group, days_ago=7), people.client)  # a regular: on the list

    sign_in(page, people.supporter.user.email, PASSWORD)
    page.goto(f"/groups/sessions/{session.pk}/")
    page.get_by_role("button", name=f"Present: {name}").click()
    expect(page.get_by_role("button", name=f"Present: {name}")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)
    page.get_by_role("link", name=f"Session record for {name}").click()
    assert_accessible(page)
    page.get_by_label("Place of service").select_option(label="11 Office")
    page.get_by_label("Service code").select_option(label="H0038 HQ: Peer support, group (Medicaid)")
    page.get_by_label("What did you do together?").fill(WHAT_WAS_DONE)
    page.get_by_label("How did the person respond?").fill("Asked the group about early mornings.")
    sign_as_facilitator(page, "Bring the work timetable.")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The record is not signed yet.")
    expect(alert).to_contain_text("Please link at least one goal from the person's plan that this session served.")
    expect(page.get_by_label("What did you do together?")).to_have_value(WHAT_WAS_DONE)  # nothing lost
    expect(page.get_by_label("What is the next step?")).to_have_value("Bring the work timetable.")
    assert_accessible(page)
    page.get_by_label("Get back to work").check()
    sign_as_facilitator(page, "Bring the work timetable.")
    expect(page.get_by_text("Signed and locked. It now waits for a supervisor's co-signature.")).to_be_visible()
    assert_accessible(page)
    record = SessionRecord.objects.get(attendance__session=session)
    assert record.status == RecordStatus.AWAITING_COSIGN and record.units == 6
    sign_out(page)

    sign_in(page, people.supervisor.user.email, PASSWORD)
    open_the_waiting_record(page)
    page.get_by_label("What needs to change?").fill(COMMENT)
    page.get_by_role("button", name="Return with this comment").click()
    expect(page.get_by_text("Returned to the supporter with your comment.")).to_be_visible()
    sign_out(page)

    sign_in(page, people.supporter.user.email, PASSWORD)
    told = Delivery.objects.get(recipient=people.supporter, kind=Kind.RECORD_RETURNED)
    page.goto(told.link)
    expect(page.get_by_role("status").filter(has_text="Returned by a supervisor")).to_contain_text(COMMENT)
    assert_accessible(page)
    sign_as_facilitator(page, "Bring the work timetable next week and plan the first early shift.")
    expect(page.get_by_text("Signed and locked. It now waits for a supervisor's co-signature.")).to_be_visible()
    sign_out(page)

    sign_in(page, people.supervisor.user.email, PASSWORD)
    open_the_waiting_record(page)
    page.get_by_role("button", name="Co-sign the record").click()
    expect(page.get_by_text("Co-signed. The record can now be billed.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people.client.user.email, PASSWORD)
    page.goto("/me/groups/")
    page.get_by_role("link", name="Read the session record").click()
    expect(page.get_by_text("Signed and locked.")).to_be_visible()
    expect(page.get_by_text("plan the first early shift")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Co-sign this record").click()
    expect(page.get_by_text("Thank you. Your co-signature is added to the record.")).to_be_visible()
    expect(page.get_by_role("button", name="Co-sign this record")).to_have_count(0)
    assert_accessible(page)
    record.refresh_from_db()
    assert record.status == RecordStatus.SIGNED and record.cosigned_by == people.supervisor.user
    assert record.client_signed_at is not None
