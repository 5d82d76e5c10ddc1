"""Response times for the dashboards: how long a client waits for a first reply from the people who support
them. One query whatever the number of messages; the dashboard hides it when it is about too few people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery

from .models import Message


@dataclass(frozen=True)
class Waits:
    median_hours: float | None  # None: no answered message in the period
    answered_people: int  # how many clients the median is about
    unanswered: int  # messages in the period with no reply yet
    unanswered_people: int


def waits(client_ids: QuerySet[Any, Any], after: datetime, before: datetime) -> Waits:
    """Each wait starts with a client's message that follows a staff message (or opens the conversation) and
    ends with the next message from anyone else; a message withdrawn since is no wait."""
    later = Message.objects.filter(client_id=OuterRef("client_id"), sent_at__gt=OuterRef("sent_at")).exclude(
        author_id=F("client_id")
    )
    earlier = Message.objects.filter(client_id=OuterRef("client_id"), sent_at__lt=OuterRef("sent_at"))
    rows = (
        Message.objects.filter(
            client_id__in=client_ids, author_id=F("client_id"), sent_at__gte=after, sent_at__lt=before
        )
        .filter(withdrawn_at__isnull=True)
        .annotate(
            reply=Subquery(later.order_by("sent_at").values("sent_at")[:1]),
            before_it=Subquery(earlier.order_by("-sent_at", "-pk").values("author_id")[:1]),
        )
        .values_list("client_id", "sent_at", "reply", "before_it")
    )
    hours: list[float] = []
    answered: set[int] = set()
    unanswered: list[int] = []
    for client_id, sent_at, reply, before_it in rows:
        if before_it == client_id:  # the client wrote again before any reply: the same wait
            continue
        if reply is None:
            unanswered.append(client_id)
        else:
            hours.append((reply - sent_at).total_seconds() / 3600)
            answered.add(client_id)
    return Waits(round(median(hours), 1) if hours else None, len(answered), len(unanswered), len(set(unanswered)))
