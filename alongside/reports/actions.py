"""Starting an export and handing out its file. Both are audited; the file's contents never are."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.once import Sending

from .dashboards import Period
from .models import Export
from .registry import ExportKind, export_kinds
from .tasks import run_export


@transaction.atomic
def request_export(
    actor: Membership, kind: ExportKind, *, period: Period, request_key: str, request: HttpRequest
) -> Export:
    """Queue an export. The same ``request_key`` (a double submit) returns the export already queued."""
    policy.require(policy.may_export(actor, kind, actor.organisation_id), _("You cannot start this export."))
    sending = Sending(
        Export,
        request_key,
        organisation_id=actor.organisation_id,
        author={"requested_by": actor.user},
        key_field="request_key",
    )
    if existing := sending.stored_before():
        return existing
    export, stored = sending.store(kind=kind.slug, period_start=period.start, period_end=period.end)
    if not stored:
        return export
    record(
        organisation=actor.organisation,
        actor=actor.user,
        action=AuditAction.EXPORT_REQUEST,
        target=f"export:{export.pk}",
        detail={"kind": kind.slug},
        request=request,
    )
    # After commit, so a worker never looks for an export row it cannot see yet, and an immediate
    # backend runs outside the request's transaction, writing progress and failures as they happen.
    transaction.on_commit(lambda: run_export.enqueue(export.pk))
    return export


@transaction.atomic
def open_download(export: Export, *, actor: Membership, request: HttpRequest) -> Path:
    """The finished file's path, after writing who downloaded it to the audit log."""
    kind = export_kinds().get(export.kind)
    allowed = kind is not None and policy.may_export(actor, kind, export.organisation_id)
    policy.require(allowed, _("You cannot download this export."))
    path = (Path(settings.EXPORTS_DIR) / export.file_path).resolve()
    if export.status != Export.Status.DONE or not path.is_file():
        raise FileNotFoundError(export.file_path)
    record(
        organisation=actor.organisation,
        actor=actor.user,
        action=AuditAction.EXPORT_DOWNLOAD,
        target=f"export:{export.pk}",
        detail={"kind": export.kind},
        request=request,
    )
    return path
