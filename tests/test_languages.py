"""Each person reads Alongside in the language they choose; before they choose, in their browser's language."""

from datetime import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation

from alongside.audit.models import AuditEntry

from .conftest import People, signed_in

pytestmark = pytest.mark.django_db

SPANISH_PAGE = '<html lang="es">'
ENGLISH_PAGE = '<html lang="en">'


def page(client: Client, url: str = "/account/login/", **headers: Any) -> str:
    return client.get(url, follow=True, **headers).content.decode()


def test_the_browser_language_decides_before_anyone_chooses() -> None:
    assert SPANISH_PAGE in page(Client(), HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9,en;q=0.5")
    assert ENGLISH_PAGE in page(Client(), HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert ENGLISH_PAGE in page(Client())


def test_the_footer_offers_the_other_language_in_its_own_words() -> None:
    html = page(Client(), HTTP_ACCEPT_LANGUAGE="es")
    assert 'aria-label="Idioma"' in html
    assert '<button type="submit" name="language" value="en" lang="en"' in html
    assert '<span lang="es" aria-current="true">Español</span>' in html


def test_choosing_before_signing_in_is_kept_for_this_browser() -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = browser.post("/language/", {"language": "es", "next": "/account/login/?next=/me/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/me/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert SPANISH_PAGE in page(browser)


def test_a_signed_in_persons_choice_is_kept_with_their_account_and_audited(people: People) -> None:
    browser = signed_in(people.client)
    browser.post("/language/", {"language": "es", "next": "/"})
    people.client.user.refresh_from_db()
    assert people.client.user.language == "es"
    entry = AuditEntry.objects.get(action="language.choose")
    assert entry.actor_id == people.client.user.pk
    assert entry.detail == {"language": "es"}
    browser.post("/language/", {"language": "es", "next": "/"})
    assert AuditEntry.objects.filter(action="language.choose").count() == 1, "choosing it again changes nothing"


def test_the_account_choice_wins_over_the_browser_on_any_device(people: People) -> None:
    people.client.user.language = "es"
    people.client.user.save()
    other_device = signed_in(people.client)
    assert SPANISH_PAGE in page(other_device, "/", HTTP_ACCEPT_LANGUAGE="en-US")
    people.supporter.user.language = ""
    people.supporter.user.save()
    assert ENGLISH_PAGE in page(signed_in(people.supporter), "/", HTTP_ACCEPT_LANGUAGE="en-US")


def test_a_language_not_offered_is_refused_and_nothing_changes(people: People) -> None:
    browser = signed_in(people.client)
    response = browser.post("/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert "Please choose one of the languages offered." in response.content.decode()
    people.client.user.refresh_from_db()
    assert people.client.user.language == ""
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_only_a_page_of_this_site_is_returned_to() -> None:
    response = Client().post("/language/", {"language": "es", "next": "https://elsewhere.example/"})
    assert response["Location"] == "/"


def test_choosing_needs_a_post() -> None:
    assert Client().get("/language/?language=es").status_code == 405


def test_dates_follow_the_language() -> None:
    day = datetime(2026, 11, 5, 14, 30)
    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "5 November 2026"
        assert formats.date_format(day, "SHORT_DATETIME_FORMAT") == "5 Nov 2026, 14:30"
    with translation.override("es"):
        assert formats.date_format(day, "DATE_FORMAT") == "5 de noviembre de 2026"
        assert formats.number_format(1234.5, 1, force_grouping=True) == "1.234,5"
