"""Database triggers that keep the audit log append-only and its head in step.

- ``audit_extend_head`` (after insert): an entry must point at the current head; the head then moves
  to it. Nobody can insert an entry that forks or skips the chain.
- ``audit_append_only`` (before update/delete): refuses any change to an entry. On SQLite only UPDATE
  is refused, because Django's test and ``flush`` machinery empties tables with DELETE there; on
  PostgreSQL (production) both are refused, and the test machinery's TRUNCATE does not fire row triggers.
"""

from __future__ import annotations

from typing import Any

POSTGRESQL_INSTALL = """
CREATE OR REPLACE FUNCTION audit_extend_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE audit_audithead SET seq = NEW.seq, hash = NEW.hash
   WHERE organisation_id = NEW.organisation_id AND seq = NEW.seq - 1 AND hash = NEW.prev_hash;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit entry % of organisation % does not extend the chain', NEW.seq, NEW.organisation_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER audit_extend_head AFTER INSERT ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_extend_head();
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
POSTGRESQL_REMOVE = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_extend_head ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_refuse_change();
DROP FUNCTION IF EXISTS audit_extend_head();
"""

SQLITE_INSTALL = [
    """
CREATE TRIGGER audit_extend_head AFTER INSERT ON audit_auditentry
BEGIN
  SELECT RAISE(ABORT, 'audit entry does not extend the chain') WHERE NOT EXISTS (
    SELECT 1 FROM audit_audithead
     WHERE organisation_id = NEW.organisation_id AND seq = NEW.seq - 1 AND hash = NEW.prev_hash);
  UPDATE audit_audithead SET seq = NEW.seq, hash = NEW.hash WHERE organisation_id = NEW.organisation_id;
END
""",
    """
CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit_auditentry
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused');
END
""",
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_append_only", "DROP TRIGGER IF EXISTS audit_extend_head"]


def statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "postgresql":
        return [POSTGRESQL_INSTALL if install else POSTGRESQL_REMOVE]
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_REMOVE
    return []


def install(apps: Any, schema_editor: Any) -> None:
    for statement in statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(statement, params=None)


def remove(apps: Any, schema_editor: Any) -> None:
    for statement in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(statement, params=None)
