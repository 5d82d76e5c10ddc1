"""Demo step: everyone chose a daily summary with quiet hours at night.

So the hundreds of suggestions, notes and requests the later steps make are counted into tomorrow's summary
(``alongside notifications send-digests``) instead of each printing an email while the demo is built.
"""

from __future__ import annotations

from datetime import time

from alongside.core.demo import DemoContext

from .kinds import kinds_for
from .models import Frequency, Preference

AFTER: tuple[str, ...] = ("alongside.accounts",)


def populate(ctx: DemoContext) -> str:
    people = [member for member in (ctx.admin, ctx.supervisor, *ctx.supporters, *ctx.clients) if member]
    Preference.objects.bulk_create(
        Preference(
            organisation_id=member.organisation_id,
            member=member,
            kinds=sorted(kinds_for(member)),
            frequency=Frequency.DAILY,
            channels=["email"],
            quiet_from=time(21),
            quiet_until=time(8),
        )
        for member in people
    )
    return f"notification choices ({len(people)})"
