"""The one way Alongside tells people that something happened: ``notify``, called inside an action.

Deliveries are written in the action's transaction, so a rolled-back action tells nobody; they are handed to
the background worker only once it commits. ``send_digests`` (the daily summary) and ``send_waiting`` (what
quiet hours or a failed attempt held back) are run by ``alongside notifications``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Membership

from .choices import choices_of
from .delivery import attempt
from .kinds import Kind
from .models import Delivery, Frequency, Status
from .tasks import schedule


def link_to(path: str, request: HttpRequest | None) -> str:
    """The page a notification leads to: absolute from the request, else completed by ALONGSIDE_BASE_URL."""
    return request.build_absolute_uri(path) if request else path


def _after_commit(deliveries: list[Delivery]) -> None:
    def hand_over() -> None:
        for delivery in deliveries:
            schedule(delivery)

    if deliveries:
        transaction.on_commit(hand_over, robust=True)


def notify(recipients: Iterable[Membership], kind: Kind, link: str, *, event: str) -> None:
    """Tell each recipient who chose to hear of ``kind`` that something is waiting at ``link``.

    ``event`` names what happened ("suggestion:12"): one event tells a person once, however often the action
    that caused it is retried. Must run inside the action's transaction.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("notify() belongs inside the action's transaction, so a rollback tells nobody.")
    now, waiting = timezone.now(), []
    for member in recipients:
        chosen = choices_of(member)
        if kind not in chosen.kinds:
            continue
        daily = chosen.frequency == Frequency.DAILY
        for channel in chosen.channels:
            delivery, created = Delivery.objects.get_or_create(
                recipient=member,
                kind=kind,
                event=event,
                channel=channel,
                defaults={
                    "organisation_id": member.organisation_id,
                    "link": link,
                    "status": Status.FOR_DIGEST if daily else Status.WAITING,
                    "created_at": now,
                    "due_at": chosen.sendable_from(now),
                },
            )
            if created and not daily:
                waiting.append(delivery)
    _after_commit(waiting)


@transaction.atomic
def _digest_for(member: Membership, now: datetime) -> int:
    """Today's summary for ``member`` (one per channel), unless today's was made already: those wait a day."""
    chosen = choices_of(member)
    today = now.astimezone(chosen.zone).date()
    items = Delivery.objects.filter(recipient=member, status=Status.FOR_DIGEST)
    made = []
    for channel in sorted(set(items.values_list("channel", flat=True))):
        summary, created = Delivery.objects.get_or_create(
            recipient=member,
            kind=Kind.DIGEST,
            event=f"digest:{today.isoformat()}",
            channel=channel,
            defaults={
                "organisation_id": member.organisation_id,
                "link": reverse("home:home"),
                "status": Status.WAITING,
                "created_at": now,
                "due_at": chosen.sendable_from(now),
            },
        )
        if created:
            items.filter(channel=channel).update(status=Status.IN_DIGEST, digest=summary)
            made.append(summary)
    _after_commit(made)
    return len(made)


def send_digests() -> int:
    """One summary per person per day of what waited for it; returns how many were made."""
    now = timezone.now()
    waiting = Delivery.objects.filter(status=Status.FOR_DIGEST).values("recipient_id")
    members = Membership.objects.filter(pk__in=waiting).select_related("user", "organisation").order_by("pk")
    return sum(_digest_for(member, now) for member in members)


def send_waiting() -> int:
    """Send whatever is due and still waiting (quiet hours over, a retry's time come, a worker that was down).

    Safe beside the worker: each attempt locks its delivery, and a sent one is never sent again.
    """
    due = Delivery.objects.filter(status=Status.WAITING, due_at__lte=timezone.now()).order_by("due_at", "pk")
    tried = [attempt(delivery_id) for delivery_id in due.values_list("pk", flat=True)]
    return sum(1 for delivery in tried if delivery is not None and delivery.status == Status.SENT)
