"""The API token page in Spanish."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from ..conftest import People, confirmed, main_content, signed_in

pytestmark = pytest.mark.django_db


def test_a_supporter_manages_tokens_in_spanish(people: People) -> None:
    people.supporter.user.language = "es"
    people.supporter.user.save(update_fields=["language"])
    browser = confirmed(signed_in(people.supporter))
    refused = browser.post("/account/api-tokens/", {"name": "x" * 101, "valid_days": "90"})
    assert "Use un nombre de 100 caracteres o menos." in refused.content.decode()
    page = main_content(browser.post("/account/api-tokens/", {"name": "Hoja", "valid_days": "90"}))
    assert "Su token nuevo" in page and "Sus tokens" in page
    with translation.override("es"):
        until = date_format(timezone.localtime() + timedelta(days=90), "SHORT_DATE_FORMAT")
    assert f"Funciona hasta el {until}" in page
