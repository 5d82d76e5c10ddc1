"""The worklist in Spanish: a supporter who chose Spanish reads each signal's reason, with its date, in Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.feedback.models import CheckinRequest
from alongside.plans import actions as plan_actions
from alongside.worklist.signals import Kind
from tests.conftest import People, main_content, signed_in
from tests.feedback.factories import questionnaire

from .factories import current

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A request from someone who chose Spanish leaves Spanish active in this thread: the tests that follow,
    which call the code directly, expect the default language again."""
    yield
    translation.deactivate()


def test_a_goal_past_its_date_reads_in_spanish_on_the_supporters_home(people: People) -> None:
    people.supporter.user.language = "es"
    people.supporter.user.save()
    yesterday = timezone.localdate() - timedelta(days=1)
    plan_actions.create_goal(
        people.client, {"text": "Nadar una vez por semana", "target_date": yesterday}, by=people.client
    )
    page = main_content(signed_in(people.supporter).get("/people/"))
    with translation.override("es"):
        shown = date_format(yesterday, "SHORT_DATE_FORMAT")
    assert "Pasó la fecha de una meta" in page
    assert f"La meta «Nadar una vez por semana» tenía como fecha el {shown}, que ya pasó" in page
    assert "Lo más urgente primero" in page
    assert "Ver el plan" in page


def test_setting_aside_without_a_reason_is_refused_in_spanish(people: People) -> None:
    people.supporter.user.language = "es"
    people.supporter.user.save()
    yesterday = timezone.localdate() - timedelta(days=1)
    plan_actions.create_goal(people.client, {"text": "Nadar", "target_date": yesterday}, by=people.client)
    [signal] = current(people.client, Kind.GOAL_PAST_TARGET)
    url = f"/people/{people.client.pk}/signals/set-aside/"
    response = signed_in(people.supporter).post(url, {"kind": signal.kind.value, "fact": signal.fact, "reason": ""})
    page = main_content(response)
    assert "Por favor, diga por qué deja esto a un lado." in page
    assert "Dejar esto a un lado" in page


def test_the_reasons_are_in_english_for_english_readers(people: People) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    plan_actions.create_goal(people.client, {"text": "Swim", "target_date": yesterday}, by=people.client)
    with translation.override("en"):
        [signal] = current(people.client, Kind.GOAL_PAST_TARGET)
        assert (
            signal.reason
            == f"The goal “Swim” had a target date of {date_format(yesterday, 'SHORT_DATE_FORMAT')}, which has passed"
        )


def test_an_overdue_check_in_is_named_in_the_readers_language(people: People) -> None:
    """The check-in's name comes from its definition's translation, as on the check-in pages, not its stored
    English title."""
    checkin = CheckinRequest.objects.create(
        organisation_id=people.client.organisation_id,
        client=people.client,
        questionnaire=questionnaire("wellbeing-checkin"),
        created_at=timezone.now() - timedelta(days=8),
    )
    with translation.override("es"):
        [spanish] = current(people.client, Kind.CHECKIN_OVERDUE)
    with translation.override("en"):
        [english] = current(people.client, Kind.CHECKIN_OVERDUE)
    with translation.override("es"):
        day = date_format(timezone.localdate(checkin.created_at), "SHORT_DATE_FORMAT")
    assert spanish.reason.startswith(f"Chequeo de bienestar ofrecido el {day}, sin contestar después de 8 días")
    assert english.reason.startswith("Wellbeing check-in offered on ")
