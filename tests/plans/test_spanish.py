"""The plan in Spanish: a client who chose Spanish reads their plan, its dates and its errors in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.plans import actions
from alongside.plans.templatetags.plan_tags import plain_duration
from tests.conftest import People, main_content, signed_in

from .factories import make_goal, make_step, make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A request from someone who chose Spanish leaves Spanish active in this thread: the tests that follow,
    which call the code directly, expect the default language again."""
    yield
    translation.deactivate()


def in_spanish(people: People) -> None:
    for member in (people.client, people.supporter):
        member.user.language = "es"
        member.user.save()


def test_the_clients_plan_reads_in_spanish_with_a_spanish_date(people: People) -> None:
    in_spanish(people)
    target = timezone.localdate() + timedelta(days=40)
    goal = actions.create_goal(people.client, {"text": "Caminar junto al río", "target_date": target}, by=people.client)
    make_step(goal, "Buscar mis zapatillas")
    make_suggestion(people.client, people.supporter, goal=goal, text="Ir con una amiga")
    page = main_content(signed_in(people.client).get("/me/plan/"))
    for words in ("Mi plan", "Añadir una meta", "En marcha", "Pasos", "Cada paso adelante"):
        assert words in page
    assert "Sugerencias sobre las que usted decide" in page
    assert "Sam Supporter sugiere un paso hacia una meta" in page
    with translation.override("es"):
        assert f"Para el {date_format(target, 'SHORT_DATE_FORMAT')}" in page
    assert "My plan" not in page and "Add a goal" not in page


def test_an_empty_goal_is_refused_in_spanish(people: People) -> None:
    in_spanish(people)
    response = signed_in(people.client).post("/me/plan/goals/new/", {"text": "", "status": "active"})
    assert response.status_code == 200
    assert "Esto no puede quedar en blanco. Por favor, escriba unas palabras." in response.content.decode()


def test_completing_a_step_is_celebrated_in_spanish(people: People) -> None:
    in_spanish(people)
    step = make_step(make_goal(people.client))
    browser = signed_in(people.client)
    browser.post(f"/me/plan/steps/{step.pk}/status/", {"status": "completed"})
    assert "Paso hecho: Find my old trainers" in main_content(browser.get("/me/plan/"))


def test_the_supporters_view_of_the_plan_reads_in_spanish(people: People) -> None:
    in_spanish(people)
    goal = make_goal(people.client, "Caminar junto al río")
    actions.ask_for_ideas(goal, "", by=people.client)
    make_suggestion(people.client, people.supporter, goal=goal)
    page = main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/"))
    assert "Plan de Casey Client" in page
    assert "Casey Client quiere ideas" in page
    assert "De quién es el plan" in page
    assert "de las metas y los pasos fueron escritos por Casey Client" in page  # not "by you" for the supporter


def test_durations_are_counted_in_spanish() -> None:
    with translation.override("es"):
        assert plain_duration(timedelta(hours=1)) == "1 hora"
        assert plain_duration(timedelta(days=3)) == "3 días"
        assert plain_duration(None) == "todavía no hay decisiones"
