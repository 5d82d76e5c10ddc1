"""Each person's choices, and a record of every notification: who was told, of what kind, when, by which channel.

A ``Delivery`` never holds what a message says (it is generic anyway): only its kind and the page it links to.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership, Organisation

from .kinds import Kind


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Straight away, one email each time")
    DAILY = "daily", _("Once a day, one email that counts what is new")


class Preference(models.Model):
    """What one person wants to hear about, how often, by which channel, and when not to be disturbed.

    Without a row, the defaults apply: every kind of their role, straight away, by email, at any hour.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="notification_preference")
    kinds = models.JSONField(default=list)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATELY)
    channels = models.JSONField(default=list)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)  # empty: the organisation's (settings.TIME_ZONE)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Notifications of {self.member_id}: {self.frequency}"


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting to be sent")  # now, after quiet hours, or after a failed attempt
    FOR_DIGEST = "for_digest", _("Waiting for the daily summary")
    IN_DIGEST = "in_digest", _("Counted in a daily summary")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    CANCELLED = "cancelled", _("Not sent: the person has left")


class Delivery(models.Model):
    """One notification to one person by one channel, from the event that caused it to its last attempt."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    channel = models.CharField(max_length=20)
    # What caused it ("suggestion:12", "digest:2026-11-30"): one event tells a person once, however often retried.
    event = models.CharField(max_length=80)
    link = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)  # not before: quiet hours, or the next retry
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)  # the error's type only: never an address or text
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "event", "channel"], name="one_delivery_per_event"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="deliveries_due"),
            models.Index(
                fields=["status", "recipient"], condition=Q(status="for_digest"), name="deliveries_for_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} by {self.channel}: {self.status}"
