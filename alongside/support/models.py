"""How a client wants to be supported, and every earlier wording of it.

One of the client's versioned documents (``alongside.versioned``): one row per client, and a
``SupportPreferencesVersion`` for each save, so nothing the client wrote is lost. Every part is encrypted at
rest, the chosen codes too: a pathway says something about someone's health.
"""

from __future__ import annotations

from django.db import models

from alongside.accounts.models import Membership
from alongside.core.crypto import EncryptedTextField
from alongside.versioned import ClientDocument, DocumentVersion

from .parts import FIELDS


class SupportPreferences(ClientDocument):
    WORDING = FIELDS

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

    class Meta:
        verbose_name_plural = "support preferences"

    def __str__(self) -> str:
        return f"Support preferences of member {self.client_id} (version {self.version})"


class SupportPreferencesVersion(DocumentVersion):
    preferences = models.ForeignKey(SupportPreferences, on_delete=models.CASCADE, related_name="versions")

    class Meta(DocumentVersion.Meta):
        constraints = [
            models.UniqueConstraint(fields=["preferences", "version"], name="support_preferences_version_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of support preferences {self.preferences_id}"
