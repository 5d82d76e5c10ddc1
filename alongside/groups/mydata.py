"""The groups section of "My data": the client's own attendance, never who else came, and their choice whether
it counts as milestones. Notes a facilitator wrote about them at a session are meeting notes (a meeting of mode
"group"), in the meetings section with the rest."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.policy import Area

from .models import Attendance, MilestoneChoice
from .queries import counts_sessions_as_milestones


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    attendance = (
        Attendance.objects.filter(client=client).select_related("session__group").order_by("session__starts_at")
    )
    return {
        "group_sessions": [
            {
                "group": item.session.group.name,
                "kind": item.session.group.kind,
                "starts_at": item.session.starts_at.isoformat(),
                "ends_at": item.session.ends_at.isoformat(),
                "place": item.session.place,
                "topic": item.session.topic,
                "attendance": item.status,
                "notes_about_me": "in meetings, the meeting of mode group" if item.meeting_id else None,
            }
            for item in attendance
        ],
        "group_sessions_count_as_milestones": counts_sessions_as_milestones(client),
    }


def readable(client: Membership) -> dict[str, Any]:
    """The printable record's groups: each session the client was marked at, newest first, in words."""
    attendance = Attendance.objects.filter(client=client).select_related("session__group")
    return {
        "attendance": attendance.order_by("-session__starts_at"),
        "counts_sessions": counts_sessions_as_milestones(client),
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period the client's attendance and their milestone choice go (their notes go
    with their meetings)."""
    Attendance.objects.filter(client=client).delete()
    MilestoneChoice.objects.filter(client=client).delete()


MY_DATA = [
    Section(
        "groups",
        export_for_client,
        Area.MEETINGS,
        purge_for_client,
        Readable(_("Groups you took part in"), "groups/readable.html", readable, order=35),
    )
]
