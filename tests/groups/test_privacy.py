"""The group privacy rule (alongside/policy.py, "Group sessions"): nobody learns from a group who else came,
unless they facilitate it or answer for the organisation's work (its admins and supervisors). A client sees
only their own attendance: never the roster, never how many came."""

import pytest

from alongside import policy
from alongside.audit.actions import AuditAction
from alongside.audit.models import AuditEntry
from alongside.consent.mydata import SECTIONS, load_sections
from alongside.groups import actions
from alongside.groups.models import Attendance, Status
from alongside.meetings.models import Mode
from tests.conftest import People, main_content, signed_in

from .factories import make_group, make_session, mark, session_with_both_clients

pytestmark = pytest.mark.django_db


def test_who_learns_the_roster(people: People) -> None:
    group, session, *_ = session_with_both_clients(people)
    allowed = {
        "facilitator": people.supporter,
        "admin": people.admin,
        "supervisor": people.supervisor,
    }
    for basis, member in allowed.items():
        found = policy.roster_basis(member, group)
        assert found is not None and found.kind == basis
        assert policy.session_attendance(member, session).count() == 2
    for member in (people.unassigned_supporter, people.outsider_supporter, people.client, people.other_client):
        assert policy.roster_basis(member, group) is None
        assert not policy.session_attendance(member, session).exists()


def test_a_client_sees_only_their_own_attendance(people: People) -> None:
    session_with_both_clients(people)
    own = policy.own_group_attendance(people.client)
    assert list(own.values_list("client_id", flat=True)) == [people.client.pk]
    assert not policy.own_group_attendance(people.supporter).exists()  # staff keep no record of their own


def test_the_clients_pages_name_nobody_else_and_count_nobody(people: People) -> None:
    group, session, *_ = session_with_both_clients(people)
    browser = signed_in(people.client)
    for url in ("/me/groups/", "/me/"):
        page = main_content(browser.get(url))
        assert group.name in page
        assert people.other_client.user.display_name not in page
        assert "2 people" not in page and "others" not in page
    for url in (f"/groups/sessions/{session.pk}/", f"/groups/{group.pk}/", "/groups/"):
        assert browser.get(url).status_code == 404


def test_a_supporter_who_does_not_facilitate_sees_the_group_but_not_who_came(people: People) -> None:
    group, session, *_ = session_with_both_clients(people)
    browser = signed_in(people.unassigned_supporter)
    page = main_content(browser.get(f"/groups/{group.pk}/"))
    assert group.name in page
    assert people.client.user.display_name not in page
    assert browser.get(f"/groups/sessions/{session.pk}/").status_code == 404


def test_each_showing_of_the_roster_is_a_read_of_each_attendees_record(people: People) -> None:
    _, session, _mine, _theirs = session_with_both_clients(people)
    before = AuditEntry.objects.filter(action=AuditAction.READ_GROUP_ROSTER).count()
    page = main_content(signed_in(people.supervisor).get(f"/groups/sessions/{session.pk}/"))
    assert people.client.user.display_name in page and people.other_client.user.display_name in page
    reads = AuditEntry.objects.filter(action=AuditAction.READ_GROUP_ROSTER).order_by("pk")[before:]
    assert {entry.client_id for entry in reads} == {people.client.pk, people.other_client.pk}
    assert all(entry.detail["basis"] == "supervisor" for entry in reads)
    assert "Take attendance" not in page and "Add as present" not in page  # a supervisor reads, does not run it


def test_only_facilitators_write_about_one_person_and_only_about_someone_who_came(people: People) -> None:
    _group, session, mine, _theirs = session_with_both_clients(people)
    assert policy.may_write_individual_note(people.supporter, mine)
    for member in (people.admin, people.supervisor, people.unassigned_supporter, people.client):
        assert not policy.may_write_individual_note(member, mine)
    absent = mark(people, session, people.other_client, Status.ABSENT)
    assert not policy.may_write_individual_note(people.supporter, absent)


def test_an_individual_note_is_in_that_clients_record_only(people: People) -> None:
    _, _session, mine, _theirs = session_with_both_clients(people)
    note = actions.write_individual_note(mine, "Spoke up for the first time.", by=people.supporter)
    mine.refresh_from_db()
    assert mine.meeting is not None and mine.meeting.mode == Mode.GROUP and mine.meeting.client == people.client
    assert note.client == people.client
    signed_in(people.supporter).post(f"/groups/attendance/{mine.pk}/notes/{note.pk}/share/", {"confirmed": "x"})
    note.refresh_from_db()
    assert note.is_published
    own = main_content(signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{mine.meeting.pk}/"))
    assert "Spoke up for the first time." in own
    assert people.other_client.user.display_name not in own
    other = signed_in(people.other_client).get(f"/people/{people.client.pk}/meetings/{mine.meeting.pk}/")
    assert other.status_code == 404


def test_a_group_note_that_names_someone_who_came_is_refused_with_the_words_kept(people: People) -> None:
    _, session, *_ = session_with_both_clients(people)
    first = people.client.user.display_name.split()[0]
    response = signed_in(people.supporter).post(
        f"/groups/sessions/{session.pk}/note/", {"body": f"{first} talked about sleep.", "version": ""}
    )
    assert response.status_code == 400
    page = main_content(response)
    assert "names nobody who came" in page and f"{first} talked about sleep." in page
    assert not hasattr(session, "group_note") or session.group_note is None


def test_my_data_holds_my_attendance_only(people: People) -> None:
    session_with_both_clients(people)
    load_sections()
    exported = SECTIONS["groups"].export(people.client, True)
    assert len(exported["group_sessions"]) == 1
    assert people.other_client.user.display_name not in str(exported)


def test_attendance_can_only_be_taken_for_clients_of_the_groups_organisation(people: People) -> None:
    group = make_group(people)
    session = make_session(people, group)
    for member in (people.outsider_client, people.supporter):
        assert not policy.may_mark_attendance(people.admin, session, member)
    assert not policy.may_mark_attendance(people.unassigned_supporter, session, people.client)
    assert not policy.may_mark_attendance(people.supervisor, session, people.client)
    response = signed_in(people.supporter).post(
        f"/groups/sessions/{session.pk}/attendance/", {"client": people.outsider_client.pk, "status": "present"}
    )
    assert response.status_code == 404
    assert not Attendance.objects.exists()
