"""The database itself refuses a record about a client whose organisation is not the client's.

On SQLite and on PostgreSQL (run with DATABASE_URL): the trigger works below every action, so even a bulk
insert or a hand-written UPDATE cannot put one organisation's client into another's records.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from alongside.accounts.client_records import trigger_name
from alongside.accounts.models import ClientRecord, Membership
from alongside.plans.models import Goal, JournalEntry
from tests.conftest import People

pytestmark = pytest.mark.django_db


def client_record_tables() -> list[str]:
    return sorted(model._meta.db_table for model in apps.get_models() if issubclass(model, ClientRecord))


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_every_client_record_table_has_its_check() -> None:
    """A later migration that rebuilds one of these tables on SQLite drops its triggers; this notices."""
    assert len(client_record_tables()) >= 15
    suffixes = [""] if connection.vendor == "postgresql" else ["_insert", "_update"]
    wanted = {trigger_name(table) + suffix for table in client_record_tables() for suffix in suffixes}
    assert wanted - installed_triggers() == set()


def test_a_record_in_another_organisation_than_its_client_is_refused(people: People) -> None:
    elsewhere = people.outsider_client.organisation
    with pytest.raises(IntegrityError, match="another organisation"), transaction.atomic():
        JournalEntry.objects.create(organisation=elsewhere, client=people.client, text="Mine.")
    assert not JournalEntry.objects.exists()


def test_moving_a_record_or_its_client_across_organisations_is_refused(people: People) -> None:
    goal = Goal.objects.create(organisation=people.organisation, client=people.client, written_by=people.client.user)
    with pytest.raises(IntegrityError, match="another organisation"), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(client=people.outsider_client)
    with pytest.raises(IntegrityError, match="stays in its organisation"), transaction.atomic():
        Membership.objects.filter(pk=people.client.pk).update(organisation=people.outsider_client.organisation)
    goal.refresh_from_db()
    assert goal.client_id == people.client.pk
