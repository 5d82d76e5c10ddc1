"""Check-in lists that other pages show too (the client's home page among them), so no app imports these views."""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import Membership

from .models import CheckinRequest, Prompt, RequestStatus

LISTED = 20


def open_checkins(client: Membership) -> list[CheckinRequest]:
    requests = CheckinRequest.objects.filter(client=client, status=RequestStatus.OPEN).select_related("questionnaire")
    return list(requests.order_by("-created_at")[:LISTED])


def _replies(client: Membership) -> QuerySet[Prompt]:
    """Prompts a supporter replied to, newest first, with what the home page shows: the exchange and the name
    of who replied (not their whole account)."""
    prompts = Prompt.objects.filter(client=client, responded_at__isnull=False).select_related("responded_by")
    return prompts.only("you_said", "next_time", "responded_at", "responded_by__display_name").order_by("-responded_at")


def answered_prompts(client: Membership, limit: int) -> list[Prompt]:
    return list(_replies(client)[:limit])


def new_replies(client: Membership, limit: int) -> list[Prompt]:
    """Supporters' replies ("you said… so we…") the client has not seen yet: new until they open their check-ins."""
    return list(_replies(client).filter(seen_at__isnull=True)[:limit])
