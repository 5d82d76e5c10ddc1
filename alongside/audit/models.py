"""Append-only, hash-chained audit log.

Each organisation has its own chain (so the log can be distributed by tenant). An entry stores the
hash of the previous entry; ``AuditHead`` holds the latest sequence number and hash. A database
trigger moves the head as each entry is inserted and refuses entries that do not extend it; another
refuses UPDATE (and, on PostgreSQL, DELETE) of entries. The app itself has no way to change an entry.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

from .chain import CONTENT_FIELDS, GENESIS_HASH, canonical, content_digest

__all__ = ["GENESIS_HASH", "AppendOnlyError", "AuditCheckpoint", "AuditEntry", "AuditHead"]


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("The audit log is append-only: entries cannot be changed or deleted.")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse


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
    key_id = models.CharField(max_length=16, blank=True)  # which audit key sealed it; empty before keying

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "seq"], name="one_entry_per_seq")]
        indexes = [models.Index(fields=["organisation", "client", "created_at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} (organisation {self.organisation_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse()  # entries are appended by audit.log.record(), which links them into the chain

    delete = _refuse

    def _content(self) -> list[Any]:
        return [getattr(self, name) for name in CONTENT_FIELDS]

    def canonical(self) -> dict[str, Any]:
        """What the hash covers: ids and codes only, never note bodies."""
        return canonical(*self._content())

    def content_digest(self) -> str:
        return content_digest(*self._content())


class AuditHead(models.Model):
    organisation = models.OneToOneField("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"Audit head of organisation {self.organisation_id} at #{self.seq}"


class AuditCheckpoint(models.Model):
    """ "This chain was verified intact up to entry ``seq``", sealed with an audit key.

    ``alongside audit verify --since-checkpoint`` starts from the newest valid checkpoint instead of the
    first entry, so a daily check stays quick however long the log grows.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "-seq"])]

    def __str__(self) -> str:
        return f"Checkpoint of organisation {self.organisation_id} at #{self.seq}"
