"""API endpoint for a client's meetings and the notes about them.

Through ``policy.client_for`` (404 for anyone else, audit entry for the read). Notes as on the pages:
shared notes, and drafts only for their author.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from ninja import Query, Router, Schema

from alongside import policy
from alongside.api.auth import ApiRequest
from alongside.api.schemas import ERRORS, PageMeta, PageParams, page_of

from .models import Meeting, Note

router = Router(tags=["meetings"])


class PersonOut(Schema):
    id: int
    name: str


class NoteOut(Schema):
    id: int
    status: str
    body: str
    author_id: int
    published_at: datetime | None


class MeetingOut(Schema):
    id: int
    held_at: datetime
    mode: str
    duration_minutes: int
    supporter: PersonOut
    notes: list[NoteOut]


class MeetingPage(PageMeta):
    items: list[MeetingOut]


@router.get("/clients/{id}/meetings", response={200: MeetingPage, **ERRORS}, summary="A client's meetings")
def meetings(request: ApiRequest, id: int, params: Query[PageParams]) -> dict[str, object]:
    client = policy.client_for(request, id, policy.Verb.READ, policy.Area.MEETINGS)
    notes = Note.objects.filter(policy.visible_notes(request.membership)).order_by("created_at", "pk")
    found = (
        Meeting.objects.filter(client=client)
        .select_related("supporter__user")
        .prefetch_related(Prefetch("notes", queryset=notes, to_attr="visible_notes"))
        .order_by("-held_at", "-pk")
    )
    items, meta = page_of(found, params)
    return {
        **meta,
        "items": [
            {
                "id": meeting.pk,
                "held_at": meeting.held_at,
                "mode": meeting.mode,
                "duration_minutes": meeting.duration_minutes,
                "supporter": {"id": meeting.supporter_id, "name": meeting.supporter.user.display_name},
                "notes": meeting.visible_notes,  # type: ignore[attr-defined]
            }
            for meeting in items
        ],
    }
