"""Sign-ins are logged without passwords, and log lines cannot be forged with newlines."""

import logging

import pytest
from django.test import Client

from alongside.core.logging import SingleLineFormatter

from .conftest import People
from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_success_and_failure_are_logged_without_passwords(
    people: People, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="alongside.security")
    Client().post("/account/login/", {"username": people.client.user.email, "password": "wrong guess"})
    Client().post("/account/login/", {"username": people.client.user.email, "password": PASSWORD})
    messages = [record.getMessage() for record in caplog.records if record.name == "alongside.security"]
    assert any("Sign-in failed" in message for message in messages)
    assert any(f"Sign-in succeeded for user {people.client.user.pk}" in message for message in messages)
    assert not any("wrong guess" in message or PASSWORD in message for message in messages)


def test_denied_access_is_logged(people: People, caplog: pytest.LogCaptureFixture) -> None:
    browser = Client()
    browser.force_login(people.outsider_supporter.user)
    with caplog.at_level(logging.WARNING, logger="alongside.security"):
        assert browser.get(f"/people/{people.client.pk}/").status_code == 404
    assert any("Denied read on profile" in record.getMessage() for record in caplog.records)


def test_newlines_cannot_forge_log_lines() -> None:
    record = logging.LogRecord("alongside.security", logging.WARNING, __file__, 1, "Sign-in failed for %s", None, None)
    record.args = ("eve\n2026-01-01 INFO alongside.security Sign-in succeeded for user 1",)
    assert "\n" in logging.Formatter("%(message)s").format(record)  # what a plain formatter would let through
    line = SingleLineFormatter("%(message)s").format(record)
    assert "\n" not in line and "eve\\n2026" in line
