"""Demo sharing: a few clients share parts of their record with the supervisors, a supporter or a clinic."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from alongside.core.demo import DemoContext

from .actions import ConsentRequest, grant_consent, revoke_consent
from .models import RecipientKind

AFTER: tuple[str, ...] = ("alongside.accounts",)


def populate(ctx: DemoContext) -> str:
    today = timezone.localdate()
    supervisor, other_supporter = ctx.supervisor, ctx.supporters[1]
    plans = [
        (ctx.clients[0], RecipientKind.SUPERVISORS, None, ["plan", "checkins"], "Help planning my housing move."),
        (ctx.clients[1], RecipientKind.PERSON, other_supporter, ["meetings"], "Cover while my supporter is away."),
        (ctx.clients[2], RecipientKind.OUTSIDE, None, ["plan"], "So my clinic can see my recovery goals."),
        (ctx.clients[3], RecipientKind.PERSON, supervisor, ["plan"], "A second opinion on my plan."),
        (
            ctx.clients[4],
            RecipientKind.OUTSIDE,
            None,
            ["plan", "meetings", "checkins", "crisis", "messages"],
            "Moving to a new service.",
        ),
    ]
    consents = [
        grant_consent(
            client,
            ConsentRequest(
                request_key=uuid.UUID(int=ctx.rng.getrandbits(128)),
                recipient_kind=kind,
                recipient_member=member,
                recipient_name="Dr. Lee, Northside Clinic",
                areas=areas,
                purpose=purpose,
                expires_on=today + timedelta(days=ctx.rng.randint(30, 180)),
                expiry_event="",
                signature=client.user.display_name,
            ),
        )
        for client, kind, member, areas, purpose in plans
    ]
    revoke_consent(consents[-1], by=ctx.clients[4].user)  # one person changed their mind
    return f"sharing choices ({len(consents)})"
