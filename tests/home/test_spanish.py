"""Each role's home page in Spanish."""

from __future__ import annotations

import pytest

from ..conftest import People, main_content, signed_in

pytestmark = pytest.mark.django_db


def test_a_client_reads_my_journey_in_spanish(people: People) -> None:
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    browser = signed_in(people.client)
    page = browser.get("/me/")
    main = main_content(page)
    assert "Para usted ahora" in main and "Le damos la bienvenida, Casey Client." in main
    assert "Quién le acompaña" in main and "Sam Supporter" in main
    assert "Mi plan" in page.content.decode() and "Cómo quiero que me apoyen" in page.content.decode()
    refused = browser.get("/people/")  # a supporter's page
    assert refused.status_code == 404 and "No podemos mostrarle esta página" in main_content(refused)


def test_a_supporter_reads_my_people_in_spanish(people: People) -> None:
    people.supporter.user.language = "es"
    people.supporter.user.save(update_fields=["language"])
    main = main_content(signed_in(people.supporter).get("/people/"))
    assert "Las personas que usted acompaña" in main and "Todas las personas que acompaña" in main
