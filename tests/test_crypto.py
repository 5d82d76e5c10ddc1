"""Free text is stored encrypted, and a new key can be put in front of the old one."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from alongside.core.crypto import EncryptedTextField, decrypt, encrypt


def test_round_trip_and_ciphertext_hides_the_text() -> None:
    token = encrypt("I felt judged today — ünïcode too 🙂")
    assert "judged" not in token
    assert decrypt(token) == "I felt judged today — ünïcode too 🙂"


def test_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out() -> None:
    field = EncryptedTextField()
    stored = field.get_prep_value("private words")
    assert stored != "private words"
    assert field.from_db_value(stored, None, None) == "private words"
    assert field.get_prep_value(None) is None and field.from_db_value(None, None, None) is None


def test_old_text_reads_after_a_new_key_is_put_in_front(settings: pytest.FixtureRequest) -> None:
    old_token = encrypt("written before rotation")
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.ENCRYPTION_KEYS]  # type: ignore[attr-defined]
    assert decrypt(old_token) == "written before rotation"


def test_removing_a_key_too_early_is_explained(settings: pytest.FixtureRequest) -> None:
    token = encrypt("needs the old key")
    settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match="was a key removed before rotation"):
        decrypt(token)
