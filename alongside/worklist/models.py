"""What the worklist stores: an organisation's settings for its rules, and the signals someone set aside.

Signals themselves are never stored: they are computed from the record each time (``signals.py``), so they
cannot go stale. Only a dismissal is kept, naming the fact it was about; a newer fact is a new signal.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from alongside.accounts.models import ClientRecord, Membership, Organisation
from alongside.core.crypto import EncryptedTextField

DEFAULT_NO_CONTACT_DAYS = 21
DEFAULT_OVERDUE_DAYS = 7
REASON_MAX_CHARS = 500


class WorklistSettings(models.Model):
    """How long a quiet spell may last before the worklist says so. One row per organisation, made when
    an admin first saves; until then the defaults apply (``for_organisation``)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    no_contact_days = models.PositiveSmallIntegerField(default=DEFAULT_NO_CONTACT_DAYS)
    checkin_overdue_days = models.PositiveSmallIntegerField(default=DEFAULT_OVERDUE_DAYS)

    def __str__(self) -> str:
        return f"Worklist settings of organisation {self.organisation_id}"

    @classmethod
    def for_organisation(cls, organisation_id: int) -> WorklistSettings:
        found = list(cls.objects.filter(organisation_id=organisation_id))  # one at most; not ``first()``, whose
        return found[0] if found else cls(organisation_id=organisation_id)  # ordering and limit cost CPU to compile


class Dismissal(ClientRecord):
    """A supporter set a signal aside, saying why. ``fact`` names what the signal was about (an answer, a
    request, the last meeting), so the signal stays gone until that fact changes."""

    kind = models.CharField(max_length=30)
    fact = models.CharField(max_length=80)
    dismissed_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "kind", "fact"], name="one_dismissal_per_fact")]

    def __str__(self) -> str:
        return f"Dismissed {self.kind} ({self.fact})"
