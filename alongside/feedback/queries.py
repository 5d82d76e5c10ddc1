"""Check-in lists that other pages show too (the client's home page among them), so no app imports these views."""

from __future__ import annotations

from alongside.accounts.models import Membership

from .models import CheckinRequest, Prompt, RequestStatus

LISTED = 20


def open_checkins(client: Membership) -> list[CheckinRequest]:
    requests = CheckinRequest.objects.filter(client=client, status=RequestStatus.OPEN).select_related("questionnaire")
    return list(requests.order_by("-created_at")[:LISTED])


def answered_prompts(client: Membership, limit: int) -> list[Prompt]:
    prompts = Prompt.objects.filter(client=client, responded_at__isnull=False).select_related("responded_by")
    return list(prompts.order_by("-responded_at")[:limit])


def new_replies(client: Membership, limit: int) -> list[Prompt]:
    """Supporters' replies ("you said… so we…") the client has not seen yet: new until they open their check-ins."""
    prompts = Prompt.objects.filter(client=client, responded_at__isnull=False, seen_at__isnull=True)
    return list(prompts.select_related("responded_by").order_by("-responded_at")[:limit])
