"""The database's guarantee that a record about a client belongs to the client's own organisation.

Every ``ClientRecord`` (accounts/models.py) carries ``organisation`` beside ``client``, so queries can filter
by tenant without a join. A trigger on each such table refuses a row whose organisation is not its client's,
on insert and on any update of either column; another refuses moving a membership to another organisation,
which would leave its records behind.

Why triggers rather than a composite foreign key ``(client_id, organisation_id)`` → ``Membership(id,
organisation_id)``: Django 5.2 cannot declare one (``ForeignObject`` is a join, not a constraint), and SQLite
cannot add a foreign key to an existing table, so the key would exist only in hand-written table rebuilds
that every later migration of these tables would have to repeat. Triggers are added to existing tables on
both databases, as the audit log's already are (audit/triggers.py). One catch: on SQLite, a migration that
rebuilds a table drops its triggers; tests/test_client_records.py fails until the migration installs them
again (``install`` after the change, as audit/migrations/0003 does).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

POSTGRESQL_FUNCTIONS = """
CREATE OR REPLACE FUNCTION client_record_in_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.organisation_id IS DISTINCT FROM (SELECT organisation_id FROM accounts_membership WHERE id = NEW.client_id)
  THEN
    RAISE EXCEPTION '%: the client belongs to another organisation', TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION membership_stays_in_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a membership stays in its organisation' USING ERRCODE = 'foreign_key_violation';
END $$;
DROP TRIGGER IF EXISTS membership_stays_in_organisation ON accounts_membership;
CREATE TRIGGER membership_stays_in_organisation BEFORE UPDATE OF organisation_id ON accounts_membership
  FOR EACH ROW WHEN (NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
  EXECUTE FUNCTION membership_stays_in_organisation();
"""
SQLITE_MEMBERSHIP = """
CREATE TRIGGER IF NOT EXISTS membership_stays_in_organisation BEFORE UPDATE OF organisation_id ON accounts_membership
WHEN NEW.organisation_id IS NOT OLD.organisation_id
BEGIN
  SELECT RAISE(ABORT, 'a membership stays in its organisation');
END
"""


def trigger_name(table: str) -> str:
    return f"{table}_client_in_organisation"


def _postgresql(table: str) -> list[str]:
    name = trigger_name(table)
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF organisation_id, client_id ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION client_record_in_organisation()",
    ]


def _sqlite(table: str) -> list[str]:
    # Table names come from the models' metadata in migrations, never from input.
    check = f"""
WHEN NEW.organisation_id IS NOT (SELECT organisation_id FROM accounts_membership WHERE id = NEW.client_id)
BEGIN
  SELECT RAISE(ABORT, '{table}: the client belongs to another organisation');
END"""  # noqa: S608
    name = trigger_name(table)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_insert BEFORE INSERT ON {table}{check}",
        f"CREATE TRIGGER IF NOT EXISTS {name}_update BEFORE UPDATE OF organisation_id, client_id ON {table}{check}",
    ]


def statements(vendor: str, tables: list[str]) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTIONS, *(sql for table in tables for sql in _postgresql(table))]
    if vendor == "sqlite":
        return [SQLITE_MEMBERSHIP, *(sql for table in tables for sql in _sqlite(table))]
    return []


def removal(vendor: str, tables: list[str]) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {trigger_name(table)} ON {table}" for table in tables]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {trigger_name(table)}_{when}" for table in tables for when in ("insert", "update")
        ]
    return []


def install(*tables: str) -> migrations.RunPython:
    """A migration operation that installs the check on ``tables`` (and takes it off when unapplied)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for statement in statements(schema_editor.connection.vendor, list(tables)):
            schema_editor.execute(statement, params=None)

    def backwards(apps: Any, schema_editor: Any) -> None:
        for statement in removal(schema_editor.connection.vendor, list(tables)):
            schema_editor.execute(statement, params=None)

    return migrations.RunPython(forwards, backwards)
