"""What is new to the client among their shared notes, for their home page and the meeting pages.

A shared note is *new* until the client opens it and *changed* when its version has moved on since they read
it (a correction, or its author's later edit). Only the client's own reading counts (``NoteReading``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from alongside.accounts.models import Membership
from alongside.core.prepared import Prepared

from .models import AmendmentRequest, AmendmentStatus, Note, NoteReading, NoteStatus


def _read_now() -> QuerySet[NoteReading]:
    """The client's reading of the outer note at its current version or later."""
    return NoteReading.objects.filter(note=OuterRef("pk"), client=OuterRef("client"), version__gte=OuterRef("version"))


def unread(notes: QuerySet[Note]) -> QuerySet[Note]:
    """The shared notes among ``notes`` the client has not read as they are now."""
    return notes.filter(status=NoteStatus.PUBLISHED).exclude(Exists(_read_now()))


def with_read_version(notes: QuerySet[Note]) -> QuerySet[Note]:
    """Each note with ``read_version``: the version the client last read, or None (one subquery, no extra query)."""
    reading = NoteReading.objects.filter(note=OuterRef("pk"), client=OuterRef("client")).values("version")[:1]
    # Note declares read_version for the code that reads it; the stubs take that for a clash with the annotation.
    return notes.annotate(read_version=Subquery(reading))  # type: ignore[no-redef]


def is_new_to_client(note: Note) -> bool:
    """A note from ``with_read_version`` that the client has not read as it is now."""
    return note.is_published and (note.read_version or 0) < note.version


def has_new_notes() -> Exists:
    """For a list of meetings: whether the meeting has a shared note that is new or changed to the client."""
    return Exists(unread(Note.objects.filter(meeting=OuterRef("pk"))))


@dataclass(frozen=True)
class NewNote:
    """A shared note new or changed to the client, as the client's home page lists it."""

    pk: int
    meeting_id: int
    read_version: int | None  # the version the client last read (older than the note's), or None: never read
    held_at: datetime  # the meeting's
    author_name: str


def new_notes(client: Membership, limit: int) -> list[NewNote]:
    """Up to ``limit`` shared notes new or changed to the client, latest meeting first, with meeting and author.
    New is what ``is_new_to_client`` says, from the version read that the page shows anyway: one subquery, not
    that and ``unread``'s (a client has one reading per note), and the rows as values, not as notes, meetings
    and accounts."""
    return [NewNote(*row) for row in _new_notes(client.pk, limit=limit)]


@Prepared
def _new_notes(client_id: int, *, limit: int) -> QuerySet[Any]:
    notes = with_read_version(Note.objects.filter(client_id=client_id, status=NoteStatus.PUBLISHED))
    new = notes.filter(version__gt=Coalesce("read_version", 0)).order_by("-meeting__held_at", "-pk")
    fields = ("pk", "meeting_id", "read_version", "meeting__held_at", "author__user__display_name")
    return new.values_list(*fields)[:limit]


def open_corrections(client: Membership) -> list[dict[str, Any]]:
    """The client's unanswered requests for a correction, oldest first: what the meeting list links to."""
    requests = AmendmentRequest.objects.filter(client=client, status=AmendmentStatus.OPEN).order_by("created_at")
    return [dict(row) for row in requests.values("pk", "created_at", "note__meeting__held_at")]
