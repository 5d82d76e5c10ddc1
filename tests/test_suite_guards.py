"""The suite's own guards notice what they are there to notice."""

import signal

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabase

from .conftest import changed_signal_handlers, restore_signal_handlers, signal_handlers


def test_a_signal_handler_left_behind_is_noticed_and_put_back() -> None:
    before = signal_handlers()
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        assert changed_signal_handlers(before) == ["SIGTERM"]
    finally:
        restore_signal_handlers(before)
    assert changed_signal_handlers(before) == []


@pytest.mark.django_db
def test_the_test_database_is_not_in_memory() -> None:
    """See django_db_modify_db_settings in conftest.py: in memory, the live server's threads and the test
    get in each other's way."""
    database = connections["default"]
    assert not (isinstance(database, SQLiteDatabase) and database.is_in_memory_db())
