"""Consent the client grants, emergency ("break-glass") access, and closing an account.

A ``Consent`` holds every element 42 CFR 2.31(a) asks of a written consent, as the client signed it:
names are copied at signing so the printed form stays true if people are renamed later. Access
decisions read these rows on every request (``alongside.policy``); nothing is cached.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import ClientRecord, Membership, Organisation
from alongside.core.crypto import EncryptedTextField
from alongside.once import key_constraint


class RecipientKind(models.TextChoices):
    PERSON = "person", _("A person in my organisation")
    SUPERVISORS = "supervisors", _("The supervisors of my organisation")
    OUTSIDE = "outside", _("Someone outside my organisation")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self, today: date | None = None) -> ConsentQuerySet:
        """Not revoked and not past the last day the client chose (in the organisation's time zone): ``today``
        unless given."""
        return self.filter(revoked_at__isnull=True, expires_on__gte=today or timezone.localdate())


class Consent(ClientRecord):
    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="consents_given")
    request_key = models.UUIDField(help_text=_("Makes a double submit store one consent."))
    client_name = models.CharField(max_length=120)
    discloser_name = models.CharField(max_length=200)
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient_member = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="consents_received"
    )
    recipient_name = EncryptedTextField()
    areas = models.JSONField(default=list)
    purpose = EncryptedTextField()
    expires_on = models.DateField()
    expiry_event = EncryptedTextField(blank=True, default="")
    signature = EncryptedTextField()
    signed_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        constraints = [key_constraint("client", "request_key", name="consent_stored_once")]
        indexes = [
            models.Index(fields=["client", "revoked_at", "expires_on"]),
            models.Index(fields=["organisation", "recipient_kind", "recipient_member"]),
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk} of {self.client_name} to {self.recipient_name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_on >= timezone.localdate()


class BreakGlassQuerySet(models.QuerySet["BreakGlass"]):
    def open(self) -> BreakGlassQuerySet:
        """Not past its time and not ended early (by the opener, or because someone left)."""
        return self.filter(expires_at__gt=timezone.now(), ended_at__isnull=True)


class BreakGlass(ClientRecord):
    """A supervisor opened a record without consent, giving a reason; it closes by itself."""

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="break_glass_openings")
    opened_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["opened_by", "client", "expires_at"])]
        verbose_name_plural = _("break-glass openings")

    def __str__(self) -> str:
        return f"Emergency access {self.pk} to {self.client_id} by {self.opened_by_id}"

    @property
    def closed_at(self) -> datetime:
        """When access ended or will end: ended early, or at its time limit."""
        return min(self.ended_at or self.expires_at, self.expires_at)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()

    @property
    def lasted(self) -> timedelta:
        """How long the record was open (so far, while it is still open)."""
        return (timezone.now() if self.is_open else self.closed_at) - self.opened_at


class RetentionRule(models.Model):
    """How long an organisation keeps a closed account's records before purging them."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    keep_years = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"Keep records {self.keep_years} years ({self.organisation_id})"


def retention_years(organisation_id: int) -> int:
    rule = RetentionRule.objects.filter(organisation_id=organisation_id).first()
    return rule.keep_years if rule else settings.DEFAULT_RETENTION_YEARS


class AccountClosure(ClientRecord):
    client = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="closure")
    requested_at = models.DateTimeField(default=timezone.now)
    purge_after = models.DateTimeField()
    purged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Closure of {self.client_id} (purge after {self.purge_after:%Y-%m-%d})"
