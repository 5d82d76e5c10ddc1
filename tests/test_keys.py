"""``alongside keys``: a new key is printed; rotation re-encrypts every encrypted column with the newest key."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.db.models import Model

from alongside.consent.models import BreakGlass, Consent
from alongside.core.management.commands import keys
from tests.conftest import People
from tests.consent.factories import open_in_emergency, share

pytestmark = pytest.mark.django_db


def stored(model: type[Model], pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_generate_prints_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("keys", "generate")
    Fernet(capsys.readouterr().out.strip().encode())


def test_rotation_finds_every_encrypted_column() -> None:
    found = dict(keys.encrypted_columns())
    assert found[Consent] == ["recipient_name", "purpose", "expiry_event", "signature"]
    assert found[BreakGlass] == ["reason"]


def test_rotation_moves_old_text_to_the_new_key(people: People, settings, monkeypatch) -> None:
    monkeypatch.setattr(keys, "BATCH_SIZE", 2)  # several batches
    consents = [share(people.client, people.supervisor) for _ in range(3)]
    opening = open_in_emergency(people.supervisor, people.client, reason="Safety check after a worrying message")
    old_key, new_key = settings.ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [new_key, old_key]
    call_command("keys", "rotate")
    for consent in consents:
        Fernet(new_key.encode()).decrypt(stored(Consent, consent.pk, "purpose").encode())
    settings.ENCRYPTION_KEYS = [new_key]  # the old key can now be dropped
    assert {c.purpose for c in Consent.objects.all()} == {"So they can help me plan my move."}
    assert BreakGlass.objects.get(pk=opening.pk).reason == "Safety check after a worrying message"
