"""Changes to the installation as a whole: re-encrypting free text with the newest key.

Rotation is a security change like any other, so it asks the policy (the command line only) and leaves an
entry on every organisation's audit chain, whose free text it rewrote.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from alongside import policy
from alongside.accounts.models import Membership, Organisation
from alongside.audit.actions import AuditAction
from alongside.audit.log import record


def rotate_encryption_keys(
    columns: list[tuple[type[models.Model], list[str]]], *, batch_size: int, by: Membership | None = None
) -> list[tuple[str, list[str], int]]:
    """Re-encrypt ``columns`` (``crypto.encrypted_columns()``) with the newest key; (model, columns, rows) each.

    ``batch_size`` rows at a time, each batch in its own transaction, so a large table does not hold one long
    transaction; the audit entries are written once every batch is done.
    """
    policy.require(policy.is_command_line(by), _("Keys are rotated on the server's command line."))
    done = [(model._meta.label, names, _reencrypt(model, names, batch_size)) for model, names in columns]
    with transaction.atomic():
        for organisation in Organisation.objects.all():
            record(
                organisation=organisation,
                actor=None,
                action=AuditAction.ENCRYPTION_KEYS_ROTATE,
                detail={"columns": sum(len(names) for _, names, _ in done)},
            )
    return done


def _reencrypt(model: type[models.Model], names: list[str], batch_size: int) -> int:
    """Read (decrypting with any key) and write back (encrypting with the newest), batch by batch."""
    rows, last_pk = 0, None
    manager = model._base_manager
    while True:
        batch_query = manager.order_by("pk").only("pk", *names)
        if last_pk is not None:
            batch_query = batch_query.filter(pk__gt=last_pk)
        batch = list(batch_query[:batch_size])
        if not batch:
            return rows
        with transaction.atomic():
            manager.bulk_update(batch, names)
        rows, last_pk = rows + len(batch), batch[-1].pk
