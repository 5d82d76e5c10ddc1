from typing import Any

from django.apps import AppConfig
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


def _add_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """SQLite has no SHA-256; the one-query append (audit.log) computes the chain link with ours."""
    if connection.vendor == "sqlite":
        from .log import SQLITE_SHA256, sha256_hex

        connection.connection.create_function(SQLITE_SHA256, 1, sha256_hex, deterministic=True)


class AuditConfig(AppConfig):
    name = "alongside.audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        connection_created.connect(_add_sqlite_functions, dispatch_uid="alongside_audit_sqlite_functions")
