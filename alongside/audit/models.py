"""Append-only, hash-chained audit log.

Each organisation has its own chain (so the log can be distributed by tenant). An entry stores the
hash of the previous entry; ``AuditHead`` holds the latest sequence number and hash, and serialises
writers with a row lock so two requests can never claim the same place in the chain.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=60)
    client = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target = models.CharField(max_length=120, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "seq"], name="one_entry_per_seq")]
        indexes = [models.Index(fields=["organisation", "client", "created_at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} (organisation {self.organisation_id})"

    def canonical(self) -> dict[str, Any]:
        """The fields the hash covers, in a form that reads back identically from any database."""
        return {
            "organisation": self.organisation_id,
            "seq": self.seq,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "action": self.action,
            "client": self.client_id,
            "target": self.target,
            "ip_address": self.ip_address,
            "reason": self.reason,
            "detail": self.detail,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(f"{self.prev_hash}{payload}".encode()).hexdigest()


class AuditHead(models.Model):
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"Audit head of organisation {self.organisation_id} at #{self.seq}"
