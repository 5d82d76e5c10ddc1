"""One attempt to send one delivery: what the background worker does for each notification."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .backends import BACKENDS, Message
from .choices import choices_of
from .kinds import Kind
from .messages import digest, single
from .models import Delivery, Status

MAX_ATTEMPTS = 5
# Waits after the first, second, … failed attempt: a mail server that is down for a while is waited out,
# and a person whose address never works stops being tried after about three hours.
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def _message(delivery: Delivery) -> Message:
    """The words, in the recipient's language: the one they chose, else the site's (there is no browser to ask)."""
    with translation.override(delivery.recipient.user.language or settings.LANGUAGE_CODE):
        if delivery.kind == Kind.DIGEST:
            return digest(Counter(delivery.items.values_list("kind", flat=True)), delivery.link)
        return single(delivery.link)


def _failed(delivery: Delivery, error: Exception) -> None:
    """Note the failure: try again later (after quiet hours), or give up after MAX_ATTEMPTS."""
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_error = type(error).__name__[:200]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.failed_at = Status.FAILED, now
    else:
        delivery.due_at = choices_of(delivery.recipient).sendable_from(now + RETRY_AFTER[delivery.attempts - 1])


def attempt(delivery_id: int) -> Delivery | None:
    """Send the delivery if it is waiting and due, and return it as it is now (still waiting: try again later).

    The row stays locked while sending, so two workers never send the same message twice.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("recipient__user")
            .filter(pk=delivery_id, status=Status.WAITING, due_at__lte=timezone.now())
            .first()
        )
        if delivery is None:  # sent already, given up, or not yet due (quiet hours, waiting to retry)
            return None
        if not (delivery.recipient.is_active and delivery.recipient.user.is_active):
            delivery.status = Status.CANCELLED
        else:
            try:
                BACKENDS[delivery.channel].send(delivery.recipient, _message(delivery))
            except Exception as error:  # any backend failure is recorded and tried again, never lost
                _failed(delivery, error)
            else:
                delivery.attempts += 1
                delivery.status, delivery.sent_at = Status.SENT, timezone.now()
        delivery.save()
    return delivery
