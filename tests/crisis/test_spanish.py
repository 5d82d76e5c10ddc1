"""Help now and the crisis plan for a person who chose Spanish."""

from datetime import date, datetime

import pytest
from django.utils import formats, timezone, translation

from alongside.crisis.models import CrisisPlan
from alongside.crisis.sections import TEXT_MAX
from tests.conftest import People, signed_in

from .factories import write_plan

pytestmark = pytest.mark.django_db


def short_spanish(day: date) -> str:
    """The short date as the Spanish formats write it (alongside/formats/es: "5 nov 2026")."""
    with translation.override("es"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def test_help_now_is_in_spanish_with_the_lifelines_spanish_service(people: People) -> None:
    plan = write_plan(people.client)
    CrisisPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.make_aware(datetime(2026, 11, 5, 9)))
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    page = signed_in(people.client).get("/me/help-now/").content.decode()
    assert "Ayuda ahora" in page and "Mi plan para momentos de crisis" in page
    assert "Cómo soy cuando estoy bien" in page  # a section heading
    assert f"Último cambio: {short_spanish(date(2026, 11, 5))}." in page  # the date, in Spanish
    assert "988 Línea de Prevención del Suicidio y Crisis" in page
    assert "llame al 988 y marque 2" in page and "AYUDA" in page
    assert "Llamar al 988" in page


def test_a_too_long_section_is_refused_in_spanish(people: People) -> None:
    browser = signed_in(people.client)
    long = {"what_helps": "x" * (TEXT_MAX + 1)}
    response = browser.post("/me/crisis-plan/", long, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert "Esto puede tener hasta 2.000 caracteres" in response.content.decode()


def test_english_help_now_keeps_the_numbers_as_they_are(people: People) -> None:
    page = signed_in(people.client).get("/me/help-now/").content.decode()
    assert "988 Suicide &amp; Crisis Lifeline" in page and "marque 2" not in page
