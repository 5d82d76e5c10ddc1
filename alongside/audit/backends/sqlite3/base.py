"""Django's SQLite backend, appending audit entries at commit (see ``alongside.audit.backends``).

It also creates a new database file readable by its owner only: the file holds every record, and SQLite
would otherwise create it (and its journal files, which copy its mode) as the umask allows, often world-readable.
"""

import os
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base

from alongside.audit.backends import AppendsAuditOnCommit


def create_owner_only(name: str) -> None:
    """Make an empty database file (a valid SQLite database) with mode 0600 before SQLite opens it."""
    if name == ":memory:" or name.startswith("file:") or Path(name).exists():
        return
    os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o600))


class DatabaseWrapper(AppendsAuditOnCommit, base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        create_owner_only(str(conn_params["database"]))
        return super().get_new_connection(conn_params)
