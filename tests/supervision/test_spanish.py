"""Supervision in Spanish: the peer and the supervisor who chose Spanish read their shared space, its dates, its
messages and its refusals in Spanish."""

from __future__ import annotations

import pytest
from django.utils import formats, timezone, translation

from alongside.supervision import actions
from tests.conftest import People, main_content, signed_in

from .factories import GOAL, goal, pairing, session

pytestmark = pytest.mark.django_db


def in_spanish(people: People) -> None:
    for member in (people.supporter, people.supervisor):
        member.user.language = "es"
        member.user.save(update_fields=["language"])


def test_the_space_is_in_spanish_with_spanish_dates(people: People) -> None:
    in_spanish(people)
    held = pairing(people)
    met = session(held, people)
    goal(held, people)
    with translation.override("es"):
        day = formats.date_format(met.held_on, "SHORT_DATE_FORMAT")
    page = main_content(signed_in(people.supporter).get(f"/supervision/{held.pk}/"))
    name = people.supervisor.user.display_name
    assert f"Supervisión con {name}" in page and "Metas de desarrollo" in page and "En marcha" in page
    assert f"Sesión del {day}" in page and GOAL in page
    assert "Development goals" not in page and "Session on" not in page
    page = main_content(signed_in(people.supervisor).get("/supervision/people/"))
    assert "Personas que superviso" in page and "Desde el" in page


def test_refusals_and_messages_are_in_spanish(people: People) -> None:
    in_spanish(people)
    held = pairing(people)
    day = timezone.localdate().isoformat()
    response = signed_in(people.supervisor).post(f"/supervision/{held.pk}/sessions/new/", {"held_on": day})
    assert "Escriba al menos una cosa sobre la sesión" in main_content(response)
    response = signed_in(people.supporter).post(f"/supervision/{held.pk}/goals/new/", {"text": "Escuchar " * 70})
    assert "Escriba como máximo 500 caracteres" in main_content(response)
    written = actions.write_goal(held, "Preguntar antes de aconsejar.", by=people.supporter)
    response = signed_in(people.supporter).post(
        f"/supervision/{held.pk}/goals/{written.pk}/", {"decision": "done"}, follow=True
    )
    assert "¡Bien hecho! “Preguntar antes de aconsejar.” está cumplida." in main_content(response)
