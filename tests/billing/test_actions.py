"""Writing, checking, signing, locking, amending and co-signing session records."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.billing import actions
from alongside.billing.models import Payer, RecordStatus, SessionAmendment, SessionRecord
from alongside.meetings.models import Meeting
from tests.conftest import People
from tests.plans.factories import make_goal

from .factories import a_meeting, complete_values, goal_of, rules_for, signed_record

pytestmark = pytest.mark.django_db


def meeting_of(record: SessionRecord) -> Meeting:
    assert record.meeting is not None
    return record.meeting


def test_a_complete_record_is_signed_and_locked(people: People) -> None:
    rules_for(people)
    record = signed_record(people)
    assert record.status == RecordStatus.SIGNED
    assert record.units == 3  # 50 minutes: 3 units of 15 with the 8-minute rule
    assert record.signer_credential == "CPRS"
    assert record.is_locked
    with pytest.raises(ValidationError, match="signed after you opened this page"):
        actions.save_record(
            meeting_of(record),
            complete_values(people, meeting_of(record)),
            goals=[],
            by=people.supporter,
            expected_version=None,
        )
    assert set(AuditEntry.objects.filter(target=f"session_record:{record.pk}").values_list("action", flat=True)) == {
        "session_record.save",
        "session_record.sign",
    }


def test_signing_refuses_each_problem_and_keeps_the_draft(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people)
    values = complete_values(people, meeting, next_step="", place_of_service=None)
    record = actions.save_record(meeting, values, goals=[], by=people.supporter, expected_version=None)
    with pytest.raises(actions.NotReady) as refused:
        actions.sign_record(record, by=people.supporter, credential="")
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"next_step", "place_of_service", "goals", "credential"}
    messages = " ".join(problem.message for problem in refused.value.problems)
    assert "Please write the next step." in messages
    assert "at least one goal" in messages
    record.refresh_from_db()
    assert record.status == RecordStatus.DRAFT
    assert record.what_was_done == values["what_was_done"]  # nothing entered is lost


def test_times_must_agree_with_the_meeting_and_reach_a_unit(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people, minutes=50)
    values = complete_values(people, meeting, start_time=time(10, 0), end_time=time(10, 20))
    record = actions.save_record(meeting, values, goals=[goal_of(people)], by=people.supporter, expected_version=None)
    with pytest.raises(actions.NotReady, match="give 20 minutes, but the meeting was recorded as 50 minutes"):
        actions.sign_record(record, by=people.supporter, credential="CPRS")
    short = a_meeting(people, minutes=5)
    values = complete_values(people, short)
    record = actions.save_record(short, values, goals=[goal_of(people)], by=people.supporter, expected_version=None)
    with pytest.raises(actions.NotReady, match="5 minutes is less than one billing unit"):
        actions.sign_record(record, by=people.supporter, credential="CPRS")


def test_the_daily_unit_limit_of_the_payer(people: People) -> None:
    rules_for(people)
    Payer.objects.filter(organisation=people.organisation).update(daily_unit_limit=5)
    day = timezone.localdate() - timedelta(days=2)
    at = lambda hour: timezone.make_aware(datetime.combine(day, time(hour, 0)))  # noqa: E731
    signed_record(people, a_meeting(people, minutes=50, held_at=at(10)))  # 3 units
    second = a_meeting(people, minutes=45, held_at=at(14))
    values = complete_values(people, second)
    record = actions.save_record(second, values, goals=[goal_of(people)], by=people.supporter, expected_version=None)
    with pytest.raises(actions.NotReady, match=r"allows 5 units a day for one person\. 3 are already signed"):
        actions.sign_record(record, by=people.supporter, credential="CPRS")


def test_an_amendment_keeps_the_reason_and_what_it_said(people: People) -> None:
    rules_for(people)
    record = signed_record(people)
    values = complete_values(people, meeting_of(record), next_step="Call the housing office on Monday.")
    with pytest.raises(ValidationError, match="reason"):
        actions.amend_record(
            record, values, goals=[goal_of(people)], reason=" ", by=people.supporter, expected_version=1
        )
    actions.amend_record(
        record, values, goals=[goal_of(people)], reason="The day was wrong.", by=people.supporter, expected_version=1
    )
    record.refresh_from_db()
    assert record.version == 2 and record.next_step == "Call the housing office on Monday."
    amendment = SessionAmendment.objects.get(record=record)
    assert amendment.reason == "The day was wrong." and amendment.changed_fields == "next_step"
    assert '"next_step": "Call the housing office."' in amendment.before
    with pytest.raises(ValidationError, match="changed elsewhere"):
        actions.amend_record(
            record, values, goals=[goal_of(people)], reason="Again", by=people.supporter, expected_version=1
        )


def test_only_the_author_amends(people: People) -> None:
    rules_for(people)
    record = signed_record(people)
    values = complete_values(people, meeting_of(record), next_step="Other.")
    for someone in (people.unassigned_supporter, people.client, people.supervisor, people.admin):
        with pytest.raises(PermissionDenied):
            actions.amend_record(record, values, goals=[goal_of(people)], reason="x", by=someone, expected_version=1)


def test_cosignature_when_the_role_needs_it_and_a_return_with_a_comment(people: People) -> None:
    rules_for(people, cosign=True)
    record = signed_record(people)
    assert record.status == RecordStatus.AWAITING_COSIGN
    with pytest.raises(PermissionDenied):
        actions.cosign(record, by=people.admin)
    with pytest.raises(ValidationError, match="what needs to change"):
        actions.return_record(record, "", by=people.supervisor)
    actions.return_record(record, "Please name the goal more precisely.", by=people.supervisor)
    record.refresh_from_db()
    assert record.status == RecordStatus.RETURNED and record.returned_comment.startswith("Please name")
    # The supporter fixes and signs again; the supervisor co-signs.
    actions.save_record(
        meeting_of(record),
        complete_values(people, meeting_of(record), what_was_done="Practised the call; goal: housing."),
        goals=[goal_of(people)],
        by=people.supporter,
        expected_version=record.version,
    )
    record = actions.sign_record(record, by=people.supporter, credential="CPRS")
    assert record.status == RecordStatus.AWAITING_COSIGN
    record = actions.cosign(record, by=people.supervisor)
    assert record.status == RecordStatus.SIGNED and record.cosigned_by == people.supervisor.user


def test_the_client_may_cosign_a_signed_record_once(people: People) -> None:
    rules_for(people)
    record = signed_record(people)
    with pytest.raises(PermissionDenied):
        actions.client_cosign(record, by=people.supporter)
    actions.client_cosign(record, by=people.client)
    with pytest.raises(PermissionDenied):
        actions.client_cosign(record, by=people.client)
    assert SessionRecord.objects.get(pk=record.pk).client_signed_at is not None


def test_goals_and_codes_of_another_client_or_organisation_are_refused(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people)
    other_goal = make_goal(people.other_client)
    with pytest.raises(ValidationError, match="goals in this person's plan"):
        actions.save_record(
            meeting, complete_values(people, meeting), goals=[other_goal], by=people.supporter, expected_version=None
        )


def test_a_stale_draft_form_is_refused(people: People) -> None:
    rules_for(people)
    meeting = a_meeting(people)
    values = complete_values(people, meeting)
    record = actions.save_record(meeting, values, goals=[], by=people.supporter, expected_version=None)
    changed = values | {"next_step": "Another step."}
    record = actions.save_record(meeting, changed, goals=[], by=people.supporter, expected_version=1)
    assert record.version == 2
    with pytest.raises(ValidationError, match="changed elsewhere"):
        actions.save_record(meeting, values, goals=[], by=people.supporter, expected_version=1)
