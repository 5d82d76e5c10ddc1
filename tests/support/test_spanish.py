"""How I want to be supported, for a person who chose Spanish, and for a supporter reading it."""

from datetime import date, datetime

import pytest
from django.utils import formats, timezone, translation

from alongside.support.models import SupportPreferences
from tests.conftest import People, signed_in

from .factories import write_preferences

pytestmark = pytest.mark.django_db


def short_spanish(day: date) -> str:
    """The short date as the Spanish formats write it (alongside/formats/es: "5 nov 2026")."""
    with translation.override("es"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def test_my_page_is_in_spanish_with_choices_and_date(people: People) -> None:
    preferences = write_preferences(people.client)
    when = timezone.make_aware(datetime(2026, 11, 5, 9))
    SupportPreferences.objects.filter(pk=preferences.pk).update(updated_at=when)
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    page = signed_in(people.client).get("/me/how-i-want-to-be-supported/").content.decode()
    assert "Cómo quiero que me apoyen" in page and "Lo que me ayuda" in page
    assert "Mensaje de texto, En persona" in page  # the choices, in words
    assert f"Último cambio: {short_spanish(date(2026, 11, 5))} (versión 1)." in page


def test_a_too_long_answer_is_refused_in_spanish(people: People) -> None:
    response = signed_in(people.client).post(
        "/me/how-i-want-to-be-supported/edit/", {"what_helps": "x" * 2001}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    assert "Esto puede tener hasta 2.000 caracteres" in response.content.decode()


def test_the_supporters_view_follows_the_supporters_language(people: People) -> None:
    write_preferences(people.client)
    people.supporter.user.language = "es"
    people.supporter.user.save(update_fields=["language"])
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/how-they-want-to-be-supported/")
    assert "Cómo quiere Casey Client que le apoyen" in page.content.decode()


def test_the_fhir_questionnaire_stays_in_english_whatever_the_language() -> None:
    from django.utils import translation

    from alongside.support.fhir import questionnaire

    with translation.override("es"):
        items = questionnaire()["item"]
    assert items[0]["text"] == "What helps me"
    assert items[2]["answerOption"][0]["valueCoding"]["display"] == "Text message"
