"""Check-in lists that other pages show too (the client's home page among them), so no app imports these views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from alongside.accounts.models import Membership
from alongside.core.prepared import Prepared

from .models import CheckinRequest, Prompt, RequestStatus

LISTED = 20


def open_checkins(client: Membership, limit: int = LISTED) -> list[CheckinRequest]:
    """The newest ``limit`` check-ins waiting for the client, with their definitions (whole: their titles are in
    them); the home page asks for the few it shows, not a page's worth."""
    return _open_checkins(client.pk, limit=limit)


@Prepared
def _open_checkins(client_id: int, *, limit: int) -> QuerySet[CheckinRequest]:
    requests = CheckinRequest.objects.filter(client_id=client_id, status=RequestStatus.OPEN)
    return requests.select_related("questionnaire").order_by("-created_at")[:limit]


@dataclass(frozen=True)
class Reply:
    """A supporter's reply to what the client said ("you said… so next time we will…"), as My journey shows it."""

    pk: int
    you_said: str
    next_time: str
    responded_at: datetime
    seen_at: datetime | None  # None: new to the client
    responder_name: str | None  # of who replied; None if no account is linked to the reply


def _replies(client_id: int) -> QuerySet[Prompt]:
    """Prompts a supporter replied to, newest first."""
    return Prompt.objects.filter(client_id=client_id, responded_at__isnull=False).order_by("-responded_at", "-pk")


def answered_and_new(client: Membership, answered: int, new: int) -> tuple[list[Reply], list[Reply]]:
    """For My journey, in one query: the newest ``answered`` replies (its answered check-ins) and the newest ``new``
    the client has not seen (for "for you now"). It reads the newest ``answered`` and every
    unseen one, newest first, ``answered + new`` at most: the first ``answered`` of those are the newest of all,
    and no more than ``answered`` seen ones come before the ``new``-th unseen one. Read as values, what the page
    shows and nothing else."""
    both = [Reply(*row) for row in _answered_and_new(client.pk, answered=answered, new=new)]
    return both[:answered], [reply for reply in both if reply.seen_at is None][:new]


@Prepared
def _answered_and_new(client_id: int, *, answered: int, new: int) -> QuerySet[Any]:
    replies = _replies(client_id)
    newest = replies.values("pk")[:answered]
    fields = ("pk", "you_said", "next_time", "responded_at", "seen_at", "responded_by__display_name")
    return replies.filter(Q(seen_at__isnull=True) | Q(pk__in=newest)).values_list(*fields)[: answered + new]
