"""Session records made through the real actions, with the organisation's default payer rules."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from alongside.accounts.models import Membership, Role
from alongside.billing import actions, queries
from alongside.billing.models import SessionRecord
from alongside.groups import actions as group_actions
from alongside.groups.models import Attendance, Session
from alongside.meetings import actions as meeting_actions
from alongside.meetings.models import Meeting, Mode
from alongside.plans.models import Goal
from tests.conftest import People
from tests.plans.factories import make_goal


def rules_for(people: People, *, cosign: bool = False) -> None:
    actions.seed_defaults(people.organisation, by=people.admin)
    if cosign:
        actions.set_cosign_roles(people.organisation, [Role.SUPPORTER], by=people.admin)


def a_meeting(people: People, *, minutes: int = 50, held_at: datetime | None = None) -> Meeting:
    held = held_at or timezone.localtime(timezone.now() - timedelta(hours=2)).replace(hour=10, minute=0)
    if held > timezone.now():
        held -= timedelta(days=1)
    return meeting_actions.record_meeting(
        people.client,
        supporter=people.supporter,
        held_at=held,
        mode=Mode.IN_PERSON,
        duration_minutes=minutes,
        by=people.supporter,
    )


def complete_values(people: People, meeting: Meeting, **changes: Any) -> dict[str, Any]:
    code = queries.individual_codes(people.organisation.pk).get(modifiers="")
    place = queries.places(people.organisation.pk).get(code="11")
    values = actions.initial_values(meeting) | {
        "service_code": code,
        "place_of_service": place,
        "what_was_done": "Practised the phone call to the housing office.",
        "response": "Engaged; chose to make the call tomorrow.",
        "next_step": "Call the housing office.",
    }
    return values | changes


def goal_of(people: People) -> Goal:
    return Goal.objects.filter(client=people.client, is_private=False).first() or make_goal(people.client)


def signed_record(people: People, meeting: Meeting | None = None, **changes: Any) -> SessionRecord:
    meeting = meeting or a_meeting(people)
    record = actions.save_record(
        meeting,
        complete_values(people, meeting, **changes),
        goals=[goal_of(people)],
        by=people.supporter,
        expected_version=None,
    )
    return actions.sign_record(record, by=people.supporter, credential="CPRS")


# --- Group attendance ----------------------------------------------------------------------------------------


def a_group_session(people: People, *, days_ago: int = 2, hour: int = 18, minutes: int = 90) -> Session:
    """A session of a group the supporter facilitates, at a fixed local time (so it never crosses midnight)."""
    from tests.groups.factories import make_group

    day = timezone.localdate() - timedelta(days=days_ago)
    starts = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    group = make_group(people)
    return group_actions.add_session(
        group, starts_at=starts, ends_at=starts + timedelta(minutes=minutes), by=people.admin
    )


def attended(people: People, session: Session, client: Membership | None = None, status: str = "present") -> Attendance:
    return group_actions.mark_attendance(session, client or people.client, status, by=people.admin)


def complete_group_values(attendance: Attendance, **changes: Any) -> dict[str, Any]:
    organisation_id = attendance.organisation_id
    code = changes.pop("service_code") if "service_code" in changes else None
    values = actions.initial_values(attendance) | {
        "service_code": code or queries.group_codes(organisation_id).get(modifiers="HQ"),
        "place_of_service": queries.places(organisation_id).get(code="11"),
        "what_was_done": "Shared a story about the first week back at work.",
        "response": "Listened; asked the group about the early mornings.",
        "next_step": "Bring the work timetable next week.",
    }
    return values | changes


def signed_group_record(people: People, attendance: Attendance | None = None, **changes: Any) -> SessionRecord:
    attendance = attendance or attended(people, a_group_session(people))
    record = actions.save_record(
        attendance,
        complete_group_values(attendance, **changes),
        goals=[goal_of(people)],
        by=people.supporter,
        expected_version=None,
    )
    return actions.sign_record(record, by=people.supporter, credential="CPRS")
