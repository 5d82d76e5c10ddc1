"""Demo session records: the usual payer rules, co-signature for peer supporters' records, and for the first
clients a few recent meetings documented and signed: most co-signed, one waiting for the supervisor."""

from __future__ import annotations

from alongside.accounts.models import Role
from alongside.core.demo import DemoContext
from alongside.meetings.models import Meeting
from alongside.plans.models import Goal
from alongside.policy import is_assigned

from . import actions, queries
from .models import RecordStatus

AFTER: tuple[str, ...] = ("alongside.accounts", "alongside.plans", "alongside.meetings")
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
    if supervisor is not None:
        for record in signed[:-1]:
            if record.status == RecordStatus.AWAITING_COSIGN:
                actions.cosign(record, by=supervisor)
    return f"session records ({len(signed)} signed, 1 to co-sign)"
