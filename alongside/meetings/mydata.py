"""The meetings section of "My data": meetings, shared notes with their earlier wordings, the client's views
and correction requests. Supporters' unshared drafts are not the client's record yet and are left out."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.plans.queries import goals_to_link
from alongside.policy import Area

from .models import (
    AmendmentRequest,
    AmendmentStatus,
    Meeting,
    MeetingGoal,
    Mode,
    Note,
    NoteRevision,
    NoteStatus,
    Perspective,
)


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    shared = Note.objects.filter(status=NoteStatus.PUBLISHED).select_related("author__user").order_by("created_at")
    shared = shared.prefetch_related("perspectives", "amendments", "revisions")
    goals = goals_to_link(client, include_private=include_private)
    meetings = (
        Meeting.objects.filter(client=client)
        .select_related("supporter__user")
        .prefetch_related(Prefetch("notes", queryset=shared), Prefetch("goals", queryset=goals))
        .order_by("held_at")
    )
    return {"meetings": [_meeting(meeting) for meeting in meetings]}


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "held_at": meeting.held_at.isoformat(),
        "mode": meeting.mode,
        "minutes": meeting.duration_minutes,
        "with": meeting.supporter.user.display_name,
        "goals_talked_about": [goal.text for goal in meeting.goals.all()],
        "notes": [
            {
                "written_by": note.author.user.display_name,
                "shared_at": note.published_at.isoformat() if note.published_at else None,
                "text": note.body,
                "earlier_wordings": [revision.body for revision in note.revisions.all()],
                "my_views": [perspective.body for perspective in note.perspectives.all()],
                "my_correction_requests": [
                    {"statement": request.statement, "status": request.status, "answer": request.answer}
                    for request in note.amendments.all()
                ],
            }
            for note in meeting.notes.all()
        ],
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period: meetings, notes and everything said about them go."""
    NoteRevision.objects.filter(note__client=client).delete()
    for model in (AmendmentRequest, Perspective, Note):
        model.objects.filter(client=client).delete()
    MeetingGoal.objects.filter(meeting__client=client).delete()
    Meeting.objects.filter(client=client).delete()


def readable(client: Membership) -> dict[str, Any]:
    """The printable record's meetings: the client's own download (shared notes only), with codes in words."""
    return {
        "data": export_for_client(client, include_private=True),
        "modes": dict(Mode.choices),
        "answers": dict(AmendmentStatus.choices),
    }


MY_DATA = [
    Section(
        "meetings",
        export_for_client,
        Area.MEETINGS,
        purge_for_client,
        Readable(_("Your meetings and shared notes"), "meetings/readable.html", readable, order=30),
    )
]
