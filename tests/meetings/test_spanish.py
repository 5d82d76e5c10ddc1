"""A person who chose Spanish reads their meetings and notes in Spanish, with dates and numbers in Spanish."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.accounts.models import Membership
from tests.conftest import People, main_content, signed_in

from .factories import meeting, shared_note

pytestmark = pytest.mark.django_db


def in_spanish(member: Membership) -> Membership:
    member.user.language = "es"
    member.user.save(update_fields=["language"])
    return member


def test_the_client_reads_a_shared_note_in_spanish_with_a_spanish_date(people: People) -> None:
    note = shared_note(people)
    browser = signed_in(in_spanish(people.client))
    page = main_content(browser.get(f"/people/{people.client.pk}/meetings/{note.meeting_id}/"))
    assert note.published_at is not None
    with translation.override("es"):
        shared_on = date_format(timezone.localtime(note.published_at), "SHORT_DATE_FORMAT")
        held_on = date_format(timezone.localtime(note.meeting.held_at), "DATE_FORMAT")
    assert f"Reunión del {held_on}" in page and " de " in held_on
    assert "Nota de Sam Supporter" in page and f"Compartida el {shared_on}" in page
    assert "En persona" in page and "50 minutos" in page
    assert "Añadir su punto de vista" in page and "Pedir una corrección" in page
    assert "Add your view" not in page and "Meeting on" not in page


def test_an_empty_view_is_refused_in_spanish(people: People) -> None:
    note = shared_note(people)
    browser = signed_in(in_spanish(people.client))
    response = browser.post(f"/people/{people.client.pk}/notes/{note.pk}/view/", {"body": "  "})
    assert response.status_code == 400
    assert "Por favor, escriba algo aquí." in main_content(response)


def test_a_note_too_long_is_refused_with_a_spanish_number(people: People) -> None:
    recorded = meeting(people)
    response = signed_in(in_spanish(people.supporter)).post(
        f"/people/{people.client.pk}/meetings/{recorded.pk}/notes/", {"body": "x" * 5001}
    )
    assert response.status_code == 400
    assert "Por favor, deje esto en 5.000 caracteres o menos (ahora tiene 5001)." in main_content(response)


def test_the_meeting_list_speaks_spanish_to_the_supporter(people: People) -> None:
    meeting(people)
    page = main_content(signed_in(in_spanish(people.supporter)).get(f"/people/{people.client.pk}/meetings/"))
    assert "Reuniones con Casey Client" in page and "Registrar una reunión" in page
    assert "En persona, con Sam Supporter" in page
