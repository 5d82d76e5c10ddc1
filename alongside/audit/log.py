"""Writing to the audit log. Domain action functions call ``record`` inside their own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest

from .models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from alongside.accounts.models import Membership, Organisation, User


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def record(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    client: Membership | None = None,
    target: str = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry to the organisation's chain. Never stores note bodies or secrets: callers pass ids."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(organisation=organisation)
    entry = AuditEntry(
        organisation=organisation,
        seq=head.seq + 1,
        actor=actor,
        action=action,
        client=client,
        target=target[:120],
        reason=reason[:500],
        detail=detail or {},
        ip_address=client_ip(request),
        prev_hash=head.hash,
    )
    entry.hash = entry.compute_hash()
    entry.save(force_insert=True)
    AuditHead.objects.filter(pk=head.pk).update(seq=entry.seq, hash=entry.hash)
    return entry
