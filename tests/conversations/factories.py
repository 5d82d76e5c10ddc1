"""Messages for tests: sent as the page sends them, and a later start for a new supporter."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.accounts.models import Assignment, Membership
from alongside.conversations import actions
from alongside.conversations.models import Message
from tests.factories import assign


def say(client: Membership, by: Membership, body: str = "How are you doing this week?") -> Message:
    return actions.send(client, body, by=by)


def new_supporter_joins(client: Membership, supporter: Membership) -> Assignment:
    """``supporter`` starts supporting ``client`` now: a moment after every message so far."""
    assignment = assign(client, supporter)
    later = Message.objects.filter(client=client).order_by("-sent_at").values_list("sent_at", flat=True).first()
    if later is not None:
        Assignment.objects.filter(pk=assignment.pk).update(started_at=max(later + timedelta(seconds=1), timezone.now()))
    return assignment
