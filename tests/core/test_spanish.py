"""The pages a Spanish speaker meets first, in Spanish: sign-in, two-step sign-in, the error pages."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from alongside.core.charts import date_labels
from alongside.core.dates import Plausible

from ..conftest import People, confirmed, main_content, signed_in

pytestmark = pytest.mark.django_db


def spanish(people: People) -> Client:
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    return signed_in(people.client)


def test_the_sign_in_page_and_its_error_follow_the_browser_language(people: People) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    page = browser.get("/account/login/").content.decode()
    assert '<html lang="es">' in page
    assert "Iniciar sesión en Alongside" in page and "Correo electrónico" in page and "¿Olvidó su contraseña?" in page
    refused = browser.post("/account/login/", {"username": people.client.user.email, "password": "not it"})
    assert "Ese correo electrónico y esa contraseña no coinciden." in refused.content.decode()


def test_two_step_sign_in_speaks_spanish(people: People) -> None:
    browser = confirmed(spanish(people))
    page = browser.get("/account/two-factor/").content.decode()
    assert "Inicio de sesión en dos pasos" in page and "Abra una aplicación de autenticación" in page
    refused = browser.post("/account/two-factor/", {"token": "12"})
    assert "El código tiene 6 dígitos, por ejemplo 123456." in refused.content.decode()
    assert "Revise esto:" in refused.content.decode()  # the error summary


def test_the_error_pages_speak_spanish(people: People) -> None:
    browser = spanish(people)
    missing = browser.get("/no-such-page/")
    assert missing.status_code == 404
    assert "No podemos mostrarle esta página" in main_content(missing)
    assert "Cerrar sesión" in missing.content.decode() and "Mi camino" in missing.content.decode()
    with translation.override("es"):
        failed = render_to_string("500.html")
        offline = render_to_string("core/offline.html")
    assert '<html lang="es">' in failed and "Algo salió mal de nuestro lado" in failed
    assert "Sin conexión en este momento" in offline


def test_dates_in_messages_and_charts_follow_the_language() -> None:
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        Plausible(years_back=1, years_ahead=0, why="una reunión ya pasó.").check(date(1901, 1, 1))
    assert "Elija una fecha entre el" in refused.value.messages[0]
    assert " de " in refused.value.messages[0].split("entre el", 1)[1]  # "5 de noviembre de 2025"
    with translation.override("es"):
        labels = date_labels([38.0], [datetime(2026, 11, 5, 12)])
    assert labels[0].lines[0].lower() == "5 nov 2026"
