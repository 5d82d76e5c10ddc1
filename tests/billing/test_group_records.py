"""Session records for group attendance: a facilitator documents one attendee with the group's service code (H0038
HQ), the same checks and signing as individual records, one billable line each, and nobody else's name shown."""

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.audit.models import AuditEntry
from alongside.billing import actions, queries
from alongside.billing.models import Payer, RecordStatus, SessionAmendment, SessionRecord
from tests.conftest import People, main_content, signed_in
from tests.plans.factories import make_goal

from .factories import (
    a_group_session,
    a_meeting,
    attended,
    complete_group_values,
    goal_of,
    rules_for,
    signed_group_record,
    signed_record,
)
from .test_export import read_csv, run

pytestmark = pytest.mark.django_db


def test_a_group_attendee_record_is_signed_with_the_group_code(people: People) -> None:
    rules_for(people)
    record = signed_group_record(people)
    assert record.status == RecordStatus.SIGNED and record.is_locked and record.is_group
    assert record.meeting is None and record.client == people.client
    assert record.service_code is not None and record.service_code.label == "H0038 HQ"
    assert record.units == 6  # 90 minutes: 6 units of 15
    assert set(AuditEntry.objects.filter(target=f"session_record:{record.pk}").values_list("action", flat=True)) == {
        "session_record.save",
        "session_record.sign",
    }
    assert record.attendance is not None
    with pytest.raises(ValidationError, match="signed after you opened this page"):  # locked: amend it
        actions.save_record(
            record.attendance,
            complete_group_values(record.attendance),
            goals=[goal_of(people)],
            by=people.supporter,
            expected_version=None,
        )


def test_only_a_facilitator_documents_someone_who_came(people: People) -> None:
    rules_for(people)
    session = a_group_session(people)
    came = attended(people, session)
    absent = attended(people, session, people.other_client, "absent")
    for who in (people.unassigned_supporter, people.admin, people.supervisor, people.client):
        with pytest.raises(PermissionDenied):
            actions.save_record(came, complete_group_values(came), goals=[], by=who, expected_version=None)
    with pytest.raises(PermissionDenied):
        actions.save_record(absent, complete_group_values(absent), goals=[], by=people.supporter, expected_version=None)
    # Someone who left early is documented for the time they were there, with a goal of their own plan.
    left = attended(people, session, people.other_client, "left_early")
    starts = complete_group_values(left)["start_time"]
    end = (datetime.combine(datetime.min, starts) + timedelta(minutes=40)).time()
    with pytest.raises(ValidationError, match="goals in this person's plan"):
        actions.save_record(
            left, complete_group_values(left), goals=[goal_of(people)], by=people.supporter, expected_version=None
        )
    record = actions.save_record(
        left,
        complete_group_values(left, end_time=end),
        goals=[make_goal(people.other_client)],
        by=people.supporter,
        expected_version=None,
    )
    record = actions.sign_record(record, by=people.supporter, credential="CPRS")
    assert record.client == people.other_client and record.units == 3


def test_the_checks_before_signing_a_group_record(people: People) -> None:
    rules_for(people)
    attendance = attended(people, a_group_session(people))
    individual = queries.individual_codes(people.organisation.pk).get(modifiers="")
    session_day = complete_group_values(attendance)["service_date"]
    values = complete_group_values(
        attendance,
        service_code=individual,
        service_date=session_day - timedelta(days=1),
        end_time=time(20, 0),  # 120 minutes of a 90-minute session
        next_step="",
    )
    record = actions.save_record(attendance, values, goals=[], by=people.supporter, expected_version=None)
    with pytest.raises(actions.NotReady) as refused:
        actions.sign_record(record, by=people.supporter, credential="CPRS")
    messages = {problem.field: problem.message for problem in refused.value.problems}
    assert set(messages) == {"service_code", "service_date", "end_time", "next_step", "goals"}
    assert messages["service_code"] == "This service code is not offered for group sessions."
    assert "The group session was held on" in messages["service_date"]
    assert "the group session lasted 90 minutes" in messages["end_time"]
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT
    # An inactive group code is refused too.
    group_code = queries.group_codes(people.organisation.pk).get(modifiers="HQ")
    queries.group_codes(people.organisation.pk).filter(pk=group_code.pk).update(is_active=False)
    group_code.refresh_from_db()
    record = actions.save_record(
        attendance,
        complete_group_values(attendance, service_code=group_code),
        goals=[goal_of(people)],
        by=people.supporter,
        expected_version=record.version,
    )
    with pytest.raises(actions.NotReady, match="not offered for group sessions"):
        actions.sign_record(record, by=people.supporter, credential="CPRS")


def test_the_daily_unit_limit_counts_individual_and_group_records(people: People) -> None:
    rules_for(people)
    Payer.objects.filter(organisation=people.organisation).update(daily_unit_limit=8)
    session = a_group_session(people, days_ago=2, hour=18)
    day = timezone.localtime(session.starts_at).date()
    signed_record(people, a_meeting(people, minutes=50, held_at=timezone.make_aware(datetime.combine(day, time(10)))))
    attendance = attended(people, session)
    record = actions.save_record(
        attendance,
        complete_group_values(attendance),
        goals=[goal_of(people)],
        by=people.supporter,
        expected_version=None,
    )
    with pytest.raises(actions.NotReady, match=r"allows 8 units a day for one person\. 3 are already signed"):
        actions.sign_record(record, by=people.supporter, credential="CPRS")

    # The other way round: a group record signed first counts against an individual meeting the same day.
    later = a_group_session(people, days_ago=3, hour=18)
    signed_group_record(people, attended(people, later))
    meeting = a_meeting(
        people,
        minutes=50,
        held_at=timezone.make_aware(datetime.combine(timezone.localtime(later.starts_at).date(), time(10))),
    )
    with pytest.raises(actions.NotReady, match=r"6 are already signed"):
        signed_record(people, meeting)


def test_a_record_is_of_a_meeting_or_an_attendance_never_both_nor_neither(people: People) -> None:
    rules_for(people)
    group_record = signed_group_record(people)
    meeting = a_meeting(people)
    base = {"organisation": people.organisation, "client": people.client, "author": people.supporter}
    for keys in ({}, {"meeting": meeting, "attendance": group_record.attendance}):
        with pytest.raises(IntegrityError), transaction.atomic():
            SessionRecord.objects.create(**base, **keys)
    with pytest.raises(IntegrityError), transaction.atomic():  # one record per attendance
        SessionRecord.objects.create(**base, attendance=group_record.attendance)
    assert SessionRecord.objects.create(**base, meeting=meeting).pk


def test_co_signature_and_amendment_of_a_group_record(people: People) -> None:
    rules_for(people, cosign=True)
    record = signed_group_record(people)
    assert record.status == RecordStatus.AWAITING_COSIGN
    assert record in actions.policy.records_awaiting_cosignature(people.supervisor)
    assert f"/co-signatures/{record.pk}/" in main_content(signed_in(people.supervisor).get("/co-signatures/"))
    review = signed_in(people.supervisor).get(f"/co-signatures/{record.pk}/")
    assert review.status_code == 200 and "H0038 HQ" in main_content(review)
    actions.cosign(record, by=people.supervisor)
    record.refresh_from_db()
    assert record.status == RecordStatus.SIGNED
    assert record.attendance is not None
    values = complete_group_values(record.attendance, next_step="Bring the timetable on Tuesday.")
    with pytest.raises(PermissionDenied):
        actions.amend_record(
            record, values, goals=[goal_of(people)], reason="x", by=people.unassigned_supporter, expected_version=1
        )
    actions.amend_record(
        record, values, goals=[goal_of(people)], reason="The day was wrong.", by=people.supporter, expected_version=1
    )
    record.refresh_from_db()
    assert record.version == 2 and record.status == RecordStatus.AWAITING_COSIGN
    assert SessionAmendment.objects.get(record=record).changed_fields == "next_step"


def test_a_group_line_is_exported_with_the_hq_modifier_once(people: People, exports_dir: Path) -> None:
    rules_for(people)
    individual = signed_record(people)
    group = signed_group_record(people)
    rows = read_csv(run(people), exports_dir)
    by_line = {row["line_id"]: row for row in rows}
    assert set(by_line) == {str(individual.pk), str(group.pk)}
    line = by_line[str(group.pk)]
    assert line["service_code"] == "H0038" and line["modifiers"] == "HQ" and line["units"] == "6"
    assert line["client_name"] == "Casey Client" and line["minutes"] == "90"
    assert by_line[str(individual.pk)]["modifiers"] == ""
    assert read_csv(run(people), exports_dir) == []  # exported again: nothing twice
    second = signed_group_record(people, attended(people, a_group_session(people, days_ago=4)))
    assert [row["line_id"] for row in read_csv(run(people), exports_dir)] == [str(second.pk)]


def test_the_page_from_the_attendance_row_to_a_signed_record(people: People) -> None:
    rules_for(people)
    session = a_group_session(people)
    attendance = attended(people, session)
    attended(people, session, people.other_client)
    session_page = main_content(signed_in(people.supporter).get(f"/groups/sessions/{session.pk}/"))
    url = f"/groups/attendance/{attendance.pk}/record/"
    assert url in session_page and "Session record for Casey Client" in session_page
    page = main_content(signed_in(people.supporter).get(url))
    assert "Casey Client" in page and people.other_client.user.display_name not in page
    assert "H0038 HQ" in page and "H0038: Peer support, individual" not in page
    values = complete_group_values(attendance)
    data = {
        "service_date": values["service_date"].isoformat(),
        "start_time": values["start_time"].strftime("%H:%M"),
        "end_time": values["end_time"].strftime("%H:%M"),
        "contact_type": "in_person",
        "place_of_service": str(values["place_of_service"].pk),
        "service_code": str(values["service_code"].pk),
        "goals": str(goal_of(people).pk),
        "what_was_done": values["what_was_done"],
        "response": values["response"],
        "next_step": "",
        "credential": "CPRS",
        "sign": "1",
    }
    response = signed_in(people.supporter).post(url, data)
    assert response.status_code == 400 and "Please write the next step." in main_content(response)
    record = SessionRecord.objects.get(attendance=attendance)
    assert record.status == RecordStatus.DRAFT
    response = signed_in(people.supporter).post(url, data | {"next_step": "Next week.", "version": record.version})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == RecordStatus.SIGNED and record.units == 6
    # The attendee reads their signed record, may co-sign it, and sees nobody else who came.
    page = main_content(signed_in(people.client).get(url))
    assert "Signed and locked." in page and people.other_client.user.display_name not in page
    signed_in(people.client).post(f"/people/{people.client.pk}/session-records/{record.pk}/co-sign/")
    record.refresh_from_db()
    assert record.client_signed_at is not None
    assert signed_in(people.supporter).get(f"{url}amend/").status_code == 200
    # Nobody else reaches it: not the other attendee, another supporter, a supervisor or an admin.
    for who in (people.other_client, people.unassigned_supporter, people.supervisor, people.admin):
        assert signed_in(who).get(url).status_code == 404
        assert signed_in(who).get(f"{url}amend/").status_code == 404


def test_the_group_record_page_and_its_checks_are_in_spanish(people: People) -> None:
    rules_for(people)
    people.supporter.user.language = "es"
    people.supporter.user.save(update_fields=["language"])
    session = a_group_session(people)
    attendance = attended(people, session)
    session_page = main_content(signed_in(people.supporter).get(f"/groups/sessions/{session.pk}/"))
    assert "Registro de la sesión de Casey Client" in session_page and "— para la facturación" in session_page
    url = f"/groups/attendance/{attendance.pk}/record/"
    page = main_content(signed_in(people.supporter).get(url))
    assert "Volver a la sesión de grupo" in page and "Elija un código de servicio de grupo" in page
    assert "Back to the group session" not in page
    values = complete_group_values(attendance)
    data = {
        "service_date": values["service_date"].isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "contact_type": "in_person",
        "place_of_service": str(values["place_of_service"].pk),
        "service_code": str(values["service_code"].pk),
        "goals": str(goal_of(people).pk),
        "what_was_done": "Shared a story.",
        "response": "Listened.",
        "next_step": "Next week.",
        "credential": "CPRS",
        "sign": "1",
    }
    page = main_content(signed_in(people.supporter).post(url, data))
    assert "El registro aún no está firmado." in page and "pero la sesión de grupo duró 90 minutos" in page
    with translation.override("es"):
        assert str(_("This service code is not offered for group sessions.")).startswith("Este código de servicio")


def test_two_facilitators_at_once_make_one_record_and_the_second_keeps_what_they_typed(people: People) -> None:
    """Both open the attendee's empty record; the first to save writes it. The second is told who did, with
    their own words still in the form, not sent to a refusal page; reading the page again explains it."""
    from tests.groups.factories import make_group, make_session, mark

    rules_for(people)
    session = make_session(people, make_group(people, people.supporter, people.supervisor))
    attendance = mark(people, session, people.client)
    url = f"/groups/attendance/{attendance.pk}/record/"
    first, second = signed_in(people.supporter), signed_in(people.supervisor)
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    data = {"contact_type": "in_person", "what_was_done": "Mine first.", "save": "1"}
    assert first.post(url, data).status_code == 302
    response = second.post(url, data | {"what_was_done": "Theirs, typed at the same time."})
    page = main_content(response)
    assert response.status_code == 400
    assert "Sam Supporter started this record after you opened this page" in page.replace("&#x27;", "'")
    assert "Theirs, typed at the same time." in page
    record = SessionRecord.objects.get(attendance=attendance)
    assert record.author == people.supporter and record.what_was_done == "Mine first."
    page = main_content(second.get(url))
    assert "Sam Supporter is writing this record." in page and "Mine first." not in page
    assert 'name="what_was_done"' not in page


def test_the_attendee_finds_their_signed_record_on_my_groups(people: People) -> None:
    rules_for(people)
    attendance = attended(people, a_group_session(people))
    link = f'href="/groups/attendance/{attendance.pk}/record/"'
    actions.save_record(
        attendance,
        complete_group_values(attendance),
        goals=[goal_of(people)],
        by=people.supporter,
        expected_version=None,
    )
    assert link not in main_content(signed_in(people.client).get("/me/groups/"))  # a draft is its author's alone
    signed_group_record(people, attendance)
    page = main_content(signed_in(people.client).get("/me/groups/"))
    assert link in page and "Read the session record" in page
    record_page = main_content(signed_in(people.client).get(f"/groups/attendance/{attendance.pk}/record/"))
    assert 'href="/me/groups/"' in record_page and "Back to my groups" in record_page
    assert "a note about you from this session, linked on My groups" in record_page
