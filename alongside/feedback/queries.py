"""Check-in lists that other pages show too (the client's home page among them), so no app imports these views."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alongside.accounts.models import Membership

from .models import CheckinRequest, Prompt, RequestStatus

LISTED = 20


def open_checkins(client: Membership) -> list[CheckinRequest]:
    requests = CheckinRequest.objects.filter(client=client, status=RequestStatus.OPEN).select_related("questionnaire")
    return list(requests.order_by("-created_at")[:LISTED])


def _replies(client: Membership) -> QuerySet[Prompt]:
    """Prompts a supporter replied to, newest first, with what the home page shows: the exchange, whether the
    client saw it and the name of who replied (not their whole account)."""
    prompts = Prompt.objects.filter(client=client, responded_at__isnull=False).select_related("responded_by")
    shown = prompts.only("you_said", "next_time", "responded_at", "seen_at", "responded_by__display_name")
    return shown.order_by("-responded_at", "-pk")


def new_replies(client: Membership, limit: int) -> list[Prompt]:
    """Supporters' replies ("you said… so we…") the client has not seen yet: new until they open their check-ins."""
    return list(_replies(client).filter(seen_at__isnull=True)[:limit])


def answered_and_new(client: Membership, answered: int, new: int) -> tuple[list[Prompt], list[Prompt]]:
    """For My journey, in one query: the newest ``answered`` replies (its answered check-ins) and the newest ``new``
    the client has not seen (``new_replies``, for "for you now"). It reads the newest ``answered`` and every
    unseen one, newest first, ``answered + new`` at most: the first ``answered`` of those are the newest of all,
    and no more than ``answered`` seen ones come before the ``new``-th unseen one."""
    replies = _replies(client)
    newest = replies.values("pk")[:answered]
    both = list(replies.filter(Q(seen_at__isnull=True) | Q(pk__in=newest))[: answered + new])
    return both[:answered], [prompt for prompt in both if prompt.seen_at is None][:new]
