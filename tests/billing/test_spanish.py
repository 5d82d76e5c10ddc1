"""Session records in Spanish: the supporter who chose Spanish reads the record page, its dates and the checks
before signing in Spanish, with numbers and dates as Spanish writes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import formats, translation

from alongside.billing.models import SessionRecord
from tests.conftest import People, main_content, signed_in

from .factories import a_meeting, rules_for, signed_record
from .test_access import form_data

pytestmark = pytest.mark.django_db


def in_spanish(people: People) -> None:
    people.supporter.user.language = "es"
    people.supporter.user.save(update_fields=["language"])


def test_the_record_page_and_the_checks_before_signing_are_in_spanish(people: People) -> None:
    rules_for(people)
    in_spanish(people)
    meeting = a_meeting(people)
    url = f"/people/{people.client.pk}/meetings/{meeting.pk}/record/"
    with translation.override("es"):
        held_on = formats.date_format(meeting.held_at, "DATE_FORMAT")
    assert " de " in held_on  # "5 de noviembre de 2026"
    page = main_content(signed_in(people.supporter).get(url))
    assert "Registro de la sesión" in page and "Guardar como borrador" in page and "Firmar el registro" in page
    assert held_on in page and "Session record" not in page

    # A date of service that is not the meeting's day: refused in Spanish, with the day written in Spanish.
    other_day = (meeting.held_at - timedelta(days=1)).date().isoformat()
    response = signed_in(people.supporter).post(url, form_data(people, service_date=other_day, next_step="", sign="1"))
    page = main_content(response)
    assert response.status_code == 400
    assert "El registro aún no está firmado." in page and "Escriba el próximo paso." in page
    assert f"La reunión fue el {held_on}; la fecha de servicio debe ser la misma." in page
    assert SessionRecord.objects.get(meeting=meeting).what_was_done == "Practised the phone call."


def test_a_too_long_part_gives_the_limit_as_spanish_writes_numbers(people: People) -> None:
    rules_for(people)
    in_spanish(people)
    meeting = a_meeting(people)
    url = f"/people/{people.client.pk}/meetings/{meeting.pk}/record/"
    response = signed_in(people.supporter).post(url, form_data(people, response="x" * 3001, save="1"))
    assert "Escriba como máximo 3.000 caracteres (ahora tiene 3001)." in main_content(response)


def test_the_signed_record_is_in_spanish(people: People) -> None:
    rules_for(people)
    in_spanish(people)
    record = signed_record(people)
    assert record.meeting is not None
    url = f"/people/{people.client.pk}/meetings/{record.meeting.pk}/record/"
    page = main_content(signed_in(people.supporter).get(url))
    assert "Firmado y cerrado." in page and "Firmado por" in page and "Corregir este registro" in page
