"""A group session on a phone (390 by 844): the facilitator starts a session, takes attendance in a few taps, writes
the group note and one note about one person; that person then reads their note and their attendance, chooses to
count their group sessions as milestones, and never learns who else came. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from alongside.groups.models import Attendance, GroupNote, Status
from tests.conftest import People
from tests.factories import PASSWORD
from tests.groups.factories import make_group, make_session, mark

from .conftest import assert_accessible, go_to, sign_in
from .conftest import sign_out as signing_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page) -> None:
    signing_out(page)
    page.wait_for_url("**/account/login/**")


def test_run_a_group_session_and_the_client_sees_only_their_own_part(page, people: People) -> None:
    client_name = people.client.user.display_name
    other_name = people.other_client.user.display_name
    group = make_group(people)
    earlier = make_session(people, group, days_ago=7)
    mark(people, earlier, people.client)  # both came last week: they are this week's regulars
    mark(people, earlier, people.other_client)

    sign_in(page, people.supporter.user.email, PASSWORD)
    go_to(page, "Groups")
    assert_accessible(page)
    page.get_by_role("link", name=group.name).click()
    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("11:30")
    page.get_by_label("Topic (optional)").fill("Sleep")
    assert_accessible(page)
    page.get_by_role("button", name="Add the session").click()
    expect(page.get_by_text("The session is added")).to_be_visible()

    # A few taps: present, then the other regular left early (htmx swaps just their row).
    page.get_by_role("button", name=f"Present: {client_name}").click()
    expect(page.get_by_role("button", name=f"Present: {client_name}")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name=f"Left early: {other_name}").click()
    expect(page.get_by_role("button", name=f"Left early: {other_name}")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name=f"Left early: {other_name}").click()  # a second tap changes nothing
    expect(page.get_by_role("button", name=f"Left early: {other_name}")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)
    session = people.client.group_attendance.exclude(session=earlier).get().session
    assert Attendance.objects.filter(session=session).count() == 2
    assert Attendance.objects.get(session=session, client=people.other_client).status == Status.LEFT_EARLY

    page.get_by_role("link", name="Write the group note").click()
    expect(page.get_by_text("Name nobody who came")).to_be_visible()
    assert_accessible(page)
    note_box = page.get_by_role("textbox", name="What the session was about and what was offered")
    note_box.fill(f"A talk on sleep habits. {client_name} brought tea.")
    page.get_by_role("button", name="Save the group note").click()
    expect(page.locator("#id_body_error")).to_contain_text("A group note names nobody who came")
    expect(note_box).to_have_value(f"A talk on sleep habits. {client_name} brought tea.")  # nothing lost
    note_box.fill("A talk on sleep habits, and a handout on winding down in the evening.")
    page.get_by_role("button", name="Save the group note").click()
    expect(page.get_by_text("The group note is saved.")).to_be_visible()
    assert GroupNote.objects.get(session=session).body.startswith("A talk on sleep habits")

    page.get_by_role("link", name=f"Note about {client_name}").click()
    assert_accessible(page)
    page.get_by_role("textbox", name="Note").fill("Spoke up in the round for the first time and stayed for tea.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Draft: only you can see this")).to_be_visible()
    page.get_by_role("button", name=f"Share with {client_name}").click()
    expect(page.get_by_text(f"Shared with {client_name}")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, people.client.user.email, PASSWORD)
    page.wait_for_url("**/me/")
    expect(page.get_by_role("heading", name="Groups you took part in")).to_be_visible()
    page.get_by_role("link", name="All my groups").click()
    assert_accessible(page)
    expect(page.get_by_text(group.name).first).to_be_visible()
    expect(page.get_by_text("Present").first).to_be_visible()
    expect(page.get_by_text(other_name)).to_have_count(0)
    page.get_by_role("radio", name="Yes").check()  # count my group sessions as milestones
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Your group sessions now count as milestones")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to my journey").click()
    expect(page.get_by_text("Your first group session", exact=True)).to_be_visible()
    page.get_by_role("link", name="All my groups").click()
    page.get_by_role("link", name="A note about you from this session").click()
    expect(page.get_by_text("Spoke up in the round for the first time and stayed for tea.")).to_be_visible()
    expect(page.get_by_text("Group session")).to_be_visible()
    expect(page.get_by_text(other_name)).to_have_count(0)
    expect(page.get_by_text("winding down")).to_have_count(0)  # the group note is the facilitators'
    assert_accessible(page)
    page.goto(f"/groups/sessions/{session.pk}/")
    expect(page.get_by_text(other_name)).to_have_count(0)
