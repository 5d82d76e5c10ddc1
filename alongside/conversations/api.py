"""API endpoint for the messages between a client and the people who support them.

Through ``policy.client_for`` (404 for anyone else, an audit entry for the read) and the same visibility as the
pages (``queries.thread``: a supporter who joined later sees earlier messages only if the client allows it).
Reading through the API marks nothing as seen: a read receipt says a *person* read the message, and an
integration is not that person. A withdrawn message keeps its place but not its words, as on the page.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema

from alongside import policy
from alongside.api.auth import ApiRequest
from alongside.api.schemas import ERRORS, PageMeta, PageParams, page_of

from . import queries
from .models import Message

router = Router(tags=["messages"])


class AuthorOut(Schema):
    id: int
    name: str


class SeenOut(Schema):
    reader: AuthorOut
    seen_at: datetime


class MessageOut(Schema):
    id: int
    author: AuthorOut
    from_client: bool
    sent_at: datetime
    edited_at: datetime | None
    withdrawn_at: datetime | None
    body: str | None  # None once withdrawn
    seen_by: list[SeenOut]


class MessagePage(PageMeta):
    items: list[MessageOut]


def _person(member: object) -> dict[str, object]:
    return {"id": member.pk, "name": member.user.display_name}  # type: ignore[attr-defined]


def _message(message: Message) -> dict[str, object]:
    return {
        "id": message.pk,
        "author": _person(message.author),
        "from_client": message.from_client,
        "sent_at": message.sent_at,
        "edited_at": message.edited_at,
        "withdrawn_at": message.withdrawn_at,
        "body": None if message.withdrawn_at else message.body,
        "seen_by": [{"reader": _person(r.reader), "seen_at": r.seen_at} for r in message.receipts.all()],
    }


@router.get(
    "/clients/{id}/messages", response={200: MessagePage, **ERRORS}, summary="A client's messages, newest first"
)
def messages(request: ApiRequest, id: int, params: Query[PageParams]) -> dict[str, object]:
    client = policy.client_for(request, id, policy.Verb.READ, policy.Area.MESSAGES)
    found = queries.thread(request.membership, client, queries.conversation(client)).order_by("-sent_at", "-pk")
    items, meta = page_of(found, params)
    return {**meta, "items": [_message(message) for message in items]}
