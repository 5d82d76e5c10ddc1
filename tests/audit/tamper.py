"""Play the attacker: change the audit table behind the app's back, with its triggers suspended."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from alongside.audit.triggers import statements


def _run(sql_statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in sql_statements:
            cursor.execute(sql)


@contextmanager
def triggers_suspended() -> Iterator[None]:
    """Runs inside the test's transaction: DDL is transactional, so nothing outlives the test."""
    _run(statements(connection.vendor, install=False))
    try:
        yield
    finally:
        _run(statements(connection.vendor, install=True))


def tamper(sql: str, params: Sequence[Any]) -> None:
    with triggers_suspended(), connection.cursor() as cursor:
        cursor.execute(sql, params)
