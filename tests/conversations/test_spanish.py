"""Messages in Spanish: the page, the "seen by", "edited" and "withdrawn" lines with dates in Spanish, and an
error in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import translation
from django.utils.formats import date_format

from alongside.conversations import actions
from tests.conftest import People, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english_afterwards() -> Iterator[None]:
    """A page in Spanish leaves Spanish active in this thread (the middleware activates a language and never
    puts the old one back): later tests that read words outside a request would read them in Spanish."""
    yield
    translation.deactivate()


SENT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def test_the_conversation_reads_in_spanish_with_spanish_dates(people: People) -> None:
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    with time_machine.travel(SENT, tick=False):
        mine = actions.send(people.client, "Hola, ¿nos vemos el martes?", by=people.client)
        theirs = actions.send(people.client, "Sí, el martes.", by=people.supporter)
        actions.edit(theirs, "Sí, el miércoles.", expected_version=1, by=people.supporter)
        actions.mark_seen([mine], reader=people.supporter)
        withdrawn = actions.send(people.client, "Olvide esto.", by=people.client)
        actions.withdraw(withdrawn, by=people.client)
    browser = signed_in(people.client)
    page = browser.get("/me/messages/").content.decode()
    with translation.override("es"):
        when = date_format(SENT, "SHORT_DATETIME_FORMAT")
    assert "ene" in when.lower()
    assert f"Editado el {when}: palabras anteriores" in page
    assert "Visto por Sam Supporter" in page
    assert f"Este mensaje se retiró el {when}." in page
    assert "Entre usted y las personas que le apoyan." in page and "Sus preferencias" in page
    assert "Seen by" not in page and "withdrawn on" not in page
    refused = browser.post("/me/messages/", {"body": "   "})
    assert "Por favor, escriba un mensaje." in refused.content.decode()
