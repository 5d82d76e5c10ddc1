"""The consent's recipient name and signature are encrypted at rest, and the migration encrypts existing rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alongside.consent.models import Consent, RecipientKind
from tests.conftest import People

from .factories import share

BEFORE = [("consent", "0003_consent_key_per_organisation_and_client")]
AFTER = [("consent", "0005_client_records_in_their_organisation")]  # through the encryption, back to the newest


def stored(consent: Consent) -> tuple[str, str]:
    """The columns as the database holds them, not as Django reads them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient_name, signature FROM consent_consent WHERE id = %s", [consent.pk])
        return cursor.fetchone()


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db
def test_the_recipient_name_and_signature_are_stored_encrypted(people: People) -> None:
    consent = share(people.client, kind=RecipientKind.OUTSIDE)
    recipient, signature = stored(consent)
    assert "Northside" not in recipient and "Casey" not in signature
    fresh = Consent.objects.get(pk=consent.pk)
    assert (fresh.recipient_name, fresh.signature) == ("Dr. Lee, Northside Clinic", "Casey Client")


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_signed_before_it_and_can_be_undone(people: People) -> None:
    consent = share(people.client, kind=RecipientKind.OUTSIDE)
    migrate(BEFORE)
    assert stored(consent) == ("Dr. Lee, Northside Clinic", "Casey Client")
    migrate(AFTER)
    assert "Northside" not in stored(consent)[0]
    fresh = Consent.objects.get(pk=consent.pk)
    assert (fresh.recipient_name, fresh.signature) == ("Dr. Lee, Northside Clinic", "Casey Client")
