"""Taking attendance in a few taps: one row per session and client, however many taps, and each change audited."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.audit.actions import AuditAction
from alongside.audit.models import AuditEntry
from alongside.groups import actions
from alongside.groups.models import Attendance, Group, Session, Status
from alongside.reports.figures import Scope, from_records, from_tallies
from alongside.reports.periods import Period
from tests.conftest import People, signed_in

from .factories import make_group, make_session, mark

pytestmark = pytest.mark.django_db


def marks() -> int:
    return AuditEntry.objects.filter(action=AuditAction.GROUP_ATTENDANCE_MARK).count()


def test_the_same_tap_twice_stores_one_row_and_one_entry(people: People) -> None:
    session = make_session(people, make_group(people))
    mark(people, session, people.client)
    mark(people, session, people.client)
    assert Attendance.objects.count() == 1
    assert marks() == 1
    mark(people, session, people.client, Status.LEFT_EARLY)
    assert list(Attendance.objects.values_list("status", flat=True)) == [Status.LEFT_EARLY]
    assert marks() == 2


def test_a_simultaneous_tap_updates_the_row_the_other_stored(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    session = make_session(people, make_group(people))
    mark(people, session, people.client)  # the other tap, stored a moment before this one looks
    real = Attendance.objects.select_for_update
    looks: list[int] = []

    def the_first_look_misses_it() -> Any:
        looks.append(1)
        return Attendance.objects.none() if len(looks) == 1 else real()

    monkeypatch.setattr(Attendance.objects, "select_for_update", the_first_look_misses_it)
    attendance = actions.mark_attendance(session, people.client, Status.LEFT_EARLY, by=people.supporter)
    assert attendance.status == Status.LEFT_EARLY
    assert Attendance.objects.count() == 1


def test_htmx_tap_returns_the_row_and_a_plain_post_goes_back(people: People) -> None:
    session = make_session(people, make_group(people))
    browser = signed_in(people.supporter)
    url = f"/groups/sessions/{session.pk}/attendance/"
    row = browser.post(url, {"client": people.client.pk, "status": "present"}, headers={"HX-Request": "true"})
    assert row.status_code == 200
    assert f'id="attendance-{people.client.pk}"' in row.content.decode()
    assert 'aria-pressed="true"' in row.content.decode()
    plain = browser.post(url, {"client": people.client.pk, "status": "absent"})
    assert plain.status_code == 302 and plain["Location"] == f"/groups/sessions/{session.pk}/"
    bad = browser.post(url, {"client": people.client.pk, "status": "asleep"}, headers={"HX-Request": "true"})
    assert bad.status_code == 400
    assert Attendance.objects.get().status == Status.ABSENT


def test_who_may_take_attendance(people: People) -> None:
    session = make_session(people, make_group(people))
    for member in (people.unassigned_supporter, people.supervisor, people.client):
        with pytest.raises(PermissionDenied):
            actions.mark_attendance(session, people.client, Status.PRESENT, by=member)
    assert not Attendance.objects.exists()


def test_starting_a_group_and_adding_a_session_are_stored_once(people: People) -> None:
    key = uuid.uuid4()
    for _ in range(2):
        group = actions.start_group(
            name="Walk and talk", kind="social", facilitators=[people.supporter], by=people.admin, submission_key=key
        )
    assert Group.objects.count() == 1
    starts = timezone.now()
    for _ in range(2):
        actions.add_session(
            group, starts_at=starts, ends_at=starts + timedelta(hours=1), by=people.supporter, submission_key=key
        )
    assert Session.objects.count() == 1
    with pytest.raises(PermissionDenied):
        actions.start_group(name="Mine", kind="social", facilitators=[people.supporter], by=people.supporter)
    with pytest.raises(ValidationError, match="at least one facilitator"):
        actions.start_group(name="Nobody", kind="social", facilitators=[], by=people.admin)
    with pytest.raises(ValidationError, match="Facilitators are peer supporters"):
        actions.start_group(name="Clients", kind="social", facilitators=[people.client], by=people.admin)


def test_a_session_form_with_its_end_before_its_start_says_so_and_keeps_the_rest(people: People) -> None:
    group = make_group(people)
    response = signed_in(people.supporter).post(
        f"/groups/{group.pk}/sessions/new/",
        {"day": timezone.localdate().isoformat(), "starts": "18:00", "ends": "17:00", "topic": "Sleep"},
    )
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()
    assert 'value="Sleep"' in response.content.decode()
    assert not Session.objects.exists()


def test_an_evening_session_past_midnight_ends_the_next_day(people: People) -> None:
    group = make_group(people)
    day = timezone.localdate()
    response = signed_in(people.supporter).post(
        f"/groups/{group.pk}/sessions/new/", {"day": day.isoformat(), "starts": "23:00", "ends": "00:30"}
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert timezone.localtime(session.starts_at).date() == day
    assert timezone.localtime(session.ends_at).date() == day + timedelta(days=1)
    assert session.ends_at - session.starts_at == timedelta(minutes=90)


def test_attendance_counts_on_the_dashboard_the_same_from_tallies_and_records(people: People) -> None:
    session = make_session(people, make_group(people), days_ago=2)
    mark(people, session, people.client)
    mark(people, session, people.other_client, Status.ABSENT)
    period = Period.default()
    tallied = from_tallies(people.organisation, period, None)
    counted = from_records(Scope(people.organisation), period, None)
    assert tallied.groups == counted.groups
    assert (tallied.groups.events, tallied.groups.people) == (1, 1)
    actions.edit_session(
        session,
        starts_at=session.starts_at - timedelta(days=120),
        ends_at=session.ends_at - timedelta(days=120),
        place="",
        topic="",
        by=people.admin,
    )
    assert from_tallies(people.organisation, period, None).groups.events == 0


def test_every_other_action_refuses_who_does_not_run_the_group_and_writes_nothing(people: People) -> None:
    group = make_group(people)
    session = make_session(people, group)
    attendance = mark(people, session, people.client)
    entries = AuditEntry.objects.count()
    starts = timezone.now()
    for member in (people.unassigned_supporter, people.supervisor, people.outsider_supporter, people.client):
        with pytest.raises(PermissionDenied):
            actions.add_session(group, starts_at=starts, ends_at=starts + timedelta(hours=1), by=member)
        with pytest.raises(PermissionDenied):
            actions.edit_group(group, name="Renamed", kind="social", usual_time="", usual_place="", by=member)
        with pytest.raises(PermissionDenied):
            actions.write_group_note(session, "A talk on sleep.", expected_version=None, by=member)
        with pytest.raises(PermissionDenied):
            actions.write_individual_note(attendance, "Stayed for tea.", by=member)
    with pytest.raises(PermissionDenied):  # a facilitator changes details, not who facilitates
        actions.edit_group(
            group,
            name="Renamed",
            kind="social",
            usual_time="",
            usual_place="",
            facilitators=[people.unassigned_supporter],
            by=people.supporter,
        )
    group.refresh_from_db()
    assert group.name == "Tuesday recovery meeting"
    assert Session.objects.count() == 1
    assert AuditEntry.objects.count() == entries
