"""Reads about groups that other apps show (the client's My journey), and the regulars of a group."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Membership
from alongside.meetings.models import Note, NoteStatus

from .models import ATTENDED, Attendance, Session

RECENT = 3
REGULARS_DAYS = 120


def my_attendance(actor: Membership | None) -> QuerySet[Attendance]:
    """The client's own attendance, newest first, with whether a note about them there is shared with them."""
    shared = Note.objects.filter(meeting=OuterRef("meeting_id"), status=NoteStatus.PUBLISHED)
    return (
        policy.own_group_attendance(actor)
        .select_related("session__group")
        .annotate(has_shared_note=Exists(shared))
        .order_by("-session__starts_at", "-pk")
    )


def recent_attended(actor: Membership | None) -> list[Attendance]:
    """The last few group sessions the client came to: one query, for My journey."""
    return list(my_attendance(actor).filter(status__in=ATTENDED)[:RECENT])


def regulars(actor: Membership, session: Session) -> QuerySet[Membership]:
    """People who came to this group lately (so the facilitator taps their names instead of searching), from
    the clients ``actor`` may mark; empty for anyone who does not run the group."""
    since = session.starts_at - timedelta(days=REGULARS_DAYS)
    came = Attendance.objects.filter(
        client=OuterRef("pk"),
        session__group_id=session.group_id,
        session__starts_at__gte=min(since, timezone.now() - timedelta(days=REGULARS_DAYS)),
        status__in=ATTENDED,
    )
    return policy.attendance_candidates(actor, session).filter(Exists(came))
