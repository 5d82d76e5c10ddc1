"""Demo session records: the usual payer rules, co-signature for peer supporters' records, and for the first
clients a few recent meetings documented and signed: most co-signed, one waiting for the supervisor. One group
attendee's session is documented too, by the group's facilitator, and co-signed."""

from __future__ import annotations

from alongside.accounts.models import Role
from alongside.core.demo import DemoContext
from alongside.groups.models import ATTENDED, Attendance
from alongside.meetings.models import Meeting
from alongside.plans.models import Goal
from alongside.policy import is_assigned, may_document_group_attendance

from . import actions, queries
from .models import RecordStatus, SessionRecord

AFTER: tuple[str, ...] = ("alongside.accounts", "alongside.plans", "alongside.meetings", "alongside.groups")
DONE = "We practised the phone call to the housing office and wrote down the three questions to ask."
RESPONSE = "Engaged throughout; said the practice made the call feel possible and chose to make it tomorrow."
NEXT = "Call the housing office; talk it over at our next meeting next week."


def populate(ctx: DemoContext) -> str:
    organisation, admin, supervisor = ctx.organisation, ctx.admin, ctx.supervisor
    if organisation is None or admin is None:
        return "no session records (no organisation)"
    actions.seed_defaults(organisation, by=admin)
    actions.set_cosign_roles(organisation, [Role.SUPPORTER], by=admin)
    code = queries.individual_codes(organisation.pk).filter(modifiers="").first()
    places = {place.code: place for place in queries.places(organisation.pk)}
    signed = []
    for client in ctx.clients[:3]:
        goal = Goal.objects.filter(client=client, is_private=False).order_by("pk").first()
        recent = Meeting.objects.filter(client=client, duration_minutes__gte=15).order_by("-held_at")[:3]
        for meeting in reversed(list(recent)):
            if goal is None or not is_assigned(meeting.supporter, client):
                continue
            values = actions.initial_values(meeting) | {
                "service_code": code,
                "place_of_service": places["11" if meeting.mode == "in_person" else "10"],
                "what_was_done": DONE,
                "response": RESPONSE,
                "next_step": NEXT,
            }
            goals = list(meeting.goals.filter(is_private=False)) or [goal]
            record = actions.save_record(meeting, values, goals=goals, by=meeting.supporter, expected_version=None)
            signed.append(actions.sign_record(record, by=meeting.supporter, credential="CPRS"))
    group_record = _document_a_group_attendee(ctx)
    if supervisor is not None:
        for record in [*signed[:-1], *([group_record] if group_record else [])]:
            if record.status == RecordStatus.AWAITING_COSIGN:
                actions.cosign(record, by=supervisor)
    group = ", one for a group attendee" if group_record is not None else ""
    return f"session records ({len(signed)} signed, 1 to co-sign{group})"


GROUP_DONE = "Shared how the first week back at work went; listened to two others' stories of early mornings."
GROUP_RESPONSE = "Spoke up for the first time in this group; said it helped to hear others had the same worries."
GROUP_NEXT = "Bring the new work timetable to next week's meeting."


def _document_a_group_attendee(ctx: DemoContext) -> SessionRecord | None:
    """The latest attendance of the first demo client at a group, documented and signed by a facilitator."""
    attendance = (
        Attendance.objects.filter(client__in=ctx.clients[:1], status__in=ATTENDED)
        .select_related("session__group", "client__organisation")
        .order_by("-session__starts_at")
        .first()
    )
    goal = Goal.objects.filter(client__in=ctx.clients[:1], is_private=False).order_by("pk").first()
    if attendance is None or goal is None:
        return None
    facilitator = next(
        (
            member
            for member in attendance.session.group.facilitators.all()
            if may_document_group_attendance(member, attendance)
        ),
        None,
    )
    if facilitator is None:
        return None
    values = actions.initial_values(attendance) | {
        "service_code": queries.group_codes(attendance.organisation_id).filter(modifiers="HQ").first(),
        "place_of_service": queries.places(attendance.organisation_id).filter(code="11").first(),
        "what_was_done": GROUP_DONE,
        "response": GROUP_RESPONSE,
        "next_step": GROUP_NEXT,
    }
    record = actions.save_record(attendance, values, goals=[goal], by=facilitator, expected_version=None)
    return actions.sign_record(record, by=facilitator, credential="CPRS")
