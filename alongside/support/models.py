"""How a client wants to be supported, and every earlier wording of it.

One row per client (``SupportPreferences``); each save bumps ``version`` (optimistic concurrency, as plan
items and the crisis plan do) and keeps the wording as it now reads in a ``SupportPreferencesVersion``, so
nothing the client wrote is lost. Every part is encrypted at rest, the chosen codes too: a pathway says
something about someone's health.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from alongside.accounts.models import ClientRecord, Membership
from alongside.core.crypto import EncryptedTextField


class SupportPreferences(ClientRecord):
    client = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="support_preferences")
    what_helps = EncryptedTextField(blank=True, default="")
    what_does_not_help = EncryptedTextField(blank=True, default="")
    contact_ways = EncryptedTextField(blank=True, default="")  # codes of parts.CONTACT_WAYS, comma-joined
    contact_times = EncryptedTextField(blank=True, default="")
    contact_language = EncryptedTextField(blank=True, default="")
    contact_notes = EncryptedTextField(blank=True, default="")
    pathways = EncryptedTextField(blank=True, default="")  # codes of parts.PATHWAYS, comma-joined
    pathway_words = EncryptedTextField(blank=True, default="")
    avoid_words = EncryptedTextField(blank=True, default="")  # one word or phrase a line
    people = EncryptedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "support preferences"

    def __str__(self) -> str:
        return f"Support preferences of member {self.client_id} (version {self.version})"


class SupportPreferencesVersion(ClientRecord):
    """One save: the wording afterwards (encrypted JSON), who saved it and when."""

    preferences = models.ForeignKey(SupportPreferences, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = EncryptedTextField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["preferences", "version"], name="support_preferences_version_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of support preferences {self.preferences_id}"
