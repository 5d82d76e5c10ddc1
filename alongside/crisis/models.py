"""A client's crisis plan, its earlier wordings, and the organisation's crisis lines.

The plan is one of the client's versioned documents (``alongside.versioned``): one row per client, and a
``CrisisPlanVersion`` for each save, so nothing the client wrote is lost. All the client's words are
encrypted at rest.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership, Organisation
from alongside.core.crypto import EncryptedTextField
from alongside.versioned import ClientDocument, DocumentVersion

from .sections import FIELDS


class CrisisPlan(ClientDocument):
    WORDING = (*FIELDS, "include_medicines")

    client = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="crisis_plan")
    when_well = EncryptedTextField(blank=True, default="")
    getting_hard = EncryptedTextField(blank=True, default="")
    what_helps = EncryptedTextField(blank=True, default="")
    who_to_contact = EncryptedTextField(blank=True, default="")
    others_do = EncryptedTextField(blank=True, default="")
    others_not_do = EncryptedTextField(blank=True, default="")
    where_supported = EncryptedTextField(blank=True, default="")
    include_medicines = models.BooleanField(default=False)
    medicines = EncryptedTextField(blank=True, default="")
    after_crisis = EncryptedTextField(blank=True, default="")

    def __str__(self) -> str:
        return f"Crisis plan of member {self.client_id} (version {self.version})"


class CrisisPlanVersion(DocumentVersion):
    plan = models.ForeignKey(CrisisPlan, on_delete=models.CASCADE, related_name="versions")

    class Meta(DocumentVersion.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="crisis_plan_version_once")]

    def __str__(self) -> str:
        return f"Version {self.version} of crisis plan {self.plan_id}"


class Contact(models.TextChoices):
    CALL_OR_TEXT = "call_or_text", _("Call or text")
    CALL = "call", _("Call")
    TEXT = "text", _("Text")


class CrisisLine(models.Model):
    """A line the organisation points people to in a crisis; with none, the 988 Lifeline is shown."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    number = models.CharField(max_length=40)
    contact = models.CharField(max_length=12, choices=Contact.choices, default=Contact.CALL_OR_TEXT)
    hours = models.CharField(max_length=120, blank=True, default="")
    about = models.CharField(max_length=300, blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"
