"""Concurrent writers on PostgreSQL queue behind the head's row lock instead of forking the chain."""

import threading

import pytest
from django.db import connection, connections, transaction

from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.audit.models import AuditEntry
from alongside.audit.verify import verify_all
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_parallel_requests_extend_one_chain() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    organisation = OrganisationFactory.create()
    record(organisation=organisation, actor=None, action=AuditAction.READ_PLAN)
    errors: list[BaseException] = []

    def write_many(name: str) -> None:
        try:
            for _ in range(15):
                with transaction.atomic():
                    record(organisation=organisation, actor=None, action=AuditAction.READ_PLAN)
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write_many, args=(f"t{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.filter(organisation=organisation).count() == 46
    assert verify_all() == []
