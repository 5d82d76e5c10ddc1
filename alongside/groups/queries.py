"""Reads about groups that other apps show (the client's My journey and its milestones), and the regulars of a
group."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Membership
from alongside.billing.models import LOCKED, SessionRecord
from alongside.meetings.models import Note, NoteStatus

from .models import ATTENDED, Attendance, MilestoneChoice, Session

RECENT = 3
REGULARS_DAYS = 120
MILESTONE_COUNTS = (1, 5, 10, 25, 50, 100)
MILESTONES_EVERY = 50  # after the last of MILESTONE_COUNTS


def _with_shared_notes(actor: Membership | None) -> QuerySet[Attendance]:
    """The client's own attendance, newest first, with whether a note about them there is shared with them."""
    shared = Note.objects.filter(meeting=OuterRef("meeting_id"), status=NoteStatus.PUBLISHED)
    return (
        policy.own_group_attendance(actor)
        .select_related("session__group")
        .annotate(has_shared_note=Exists(shared))
        .order_by("-session__starts_at", "-pk")
    )


def my_attendance(actor: Membership | None) -> QuerySet[Attendance]:
    """The client's own attendance, newest first, with whether a note about them there is shared with them and
    whether a session record of it is signed (a draft is its author's alone)."""
    signed = SessionRecord.objects.filter(attendance=OuterRef("pk"), status__in=LOCKED)
    return _with_shared_notes(actor).annotate(has_signed_record=Exists(signed))


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


@dataclass(frozen=True)
class AttendanceMilestone:
    """The client's ``number``-th group session, reached at ``reached_at`` at ``group_name``. Worked out, never
    stored, so nobody can encourage it (an encouragement belongs to a stored plan milestone)."""

    number: int
    group_name: str
    reached_at: datetime
    from_group_sessions = True  # what the milestones template tells it by


def is_milestone_count(number: int) -> bool:
    """The 1st, 5th, 10th, 25th, 50th and 100th session, and every 50th after."""
    last = MILESTONE_COUNTS[-1]
    return number in MILESTONE_COUNTS or (number > last and number % MILESTONES_EVERY == 0)


def counts_sessions_as_milestones(client: Membership) -> bool:
    """The client's choice (off until they make it), for the form on My groups."""
    return MilestoneChoice.objects.filter(client=client, counts_sessions=True).exists()


def _numbered(sessions: Iterable[tuple[datetime, str]]) -> list[AttendanceMilestone]:
    """The milestones among (start, group name) of the sessions a client came to, oldest first."""
    return [
        AttendanceMilestone(number, group_name, starts_at)
        for number, (starts_at, group_name) in enumerate(sessions, start=1)
        if is_milestone_count(number)
    ]


def attendance_milestones(viewer: Membership | None, client: Membership) -> list[AttendanceMilestone]:
    """The client's milestones from the group sessions they went to (present or left early), oldest first, if
    they chose to count them and ``viewer`` may see them; else none. One query, however many sessions: the
    client's choice is part of it. Counted across every group of their organisation, in session order, and
    only sessions that have started; it names the client's own count and a group, never who else came."""
    if not policy.may_see_attendance_milestones(viewer, client):
        return []
    chosen = MilestoneChoice.objects.filter(client=client, counts_sessions=True)
    sessions = (
        Attendance.objects.filter(
            Exists(chosen),
            client=client,
            organisation_id=client.organisation_id,
            status__in=ATTENDED,
            session__starts_at__lte=timezone.now(),
        )
        .order_by("session__starts_at", "pk")
        .values_list("session__starts_at", "session__group__name")
    )
    return _numbered(sessions)


@dataclass(frozen=True)
class Attended:
    """A group session the client came to, as My journey lists it."""

    group_name: str
    starts_at: datetime
    status: str
    client_id: int
    meeting_id: int | None
    has_shared_note: bool  # a note about them there is shared with them


def journey_sessions(client: Membership) -> tuple[list[Attended], list[AttendanceMilestone]]:
    """For My journey, in one query: the last few group sessions the client came to (newest first) and, if they
    chose to count them, their milestones, as ``attendance_milestones`` gives them. Every session they came to
    is read only if they count them; else the last few."""
    shared = Note.objects.filter(meeting=OuterRef("meeting_id"), status=NoteStatus.PUBLISHED)
    chosen = MilestoneChoice.objects.filter(client=OuterRef("client_id"), counts_sessions=True)
    attended = policy.own_group_attendance(client).filter(status__in=ATTENDED).order_by("-session__starts_at", "-pk")
    rows = attended.annotate(has_shared_note=Exists(shared), counted=Exists(chosen)).filter(
        Q(counted=True) | Q(pk__in=attended.values("pk")[:RECENT])
    )
    fields = ("session__group__name", "session__starts_at", "status", "client_id", "meeting_id", "has_shared_note")
    read = list(rows.values_list(*fields, "counted"))
    counted = bool(read) and read[0][-1] and policy.may_see_attendance_milestones(client, client)
    now = timezone.now()
    started = [(row[1], row[0]) for row in reversed(read) if row[1] <= now] if counted else []
    return [Attended(*row[:-1]) for row in read[:RECENT]], _numbered(started)
