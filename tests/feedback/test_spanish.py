"""Check-ins in Spanish: Alongside's own check-ins fully translated, the validated BARC-10 kept in its tested
English wording with a plain Spanish explanation, and dates, scores and reliable change in Spanish."""

from collections.abc import Iterator
from datetime import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.feedback.models import CheckinRequest, Questionnaire
from tests.conftest import People, signed_in

from .factories import answered, load_with_reliability, questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english_afterwards() -> Iterator[None]:
    """A page in Spanish leaves Spanish active in this thread (the middleware activates a language and never
    puts the old one back): later tests that read words outside a request would read them in Spanish."""
    yield
    translation.deactivate()


def in_spanish(people: People) -> None:
    for member in (people.client, people.supporter):
        member.user.language = "es"
        member.user.save(update_fields=["language"])


def offer(people: People, name: str) -> CheckinRequest:
    return CheckinRequest.objects.create(
        organisation_id=people.organisation.pk, client=people.client, questionnaire=questionnaire(name)
    )


def test_the_session_checkin_is_asked_and_checked_in_spanish(people: People) -> None:
    in_spanish(people)
    checkin = offer(people, "session-checkin")
    browser = signed_in(people.client)
    url = f"/people/{people.client.pk}/check-ins/{checkin.pk}/"
    page = browser.get(url).content.decode()
    assert "Chequeo de la reunión" in page and "Me sentí escuchado/a y respetado/a." in page
    assert "Totalmente" in page and "Sam Supporter verá sus respuestas" in page
    assert "I felt heard" not in page and "se probaron con esas palabras" not in page
    refused = browser.post(url, {"heard": "7"})
    assert refused.status_code == 400
    assert "Por favor, elija una respuesta para esta pregunta" in refused.content.decode()


def test_the_barc10_says_in_spanish_why_its_questions_stay_in_english(people: People) -> None:
    in_spanish(people)
    checkin = offer(people, "barc-10")
    page = signed_in(people.client).get(f"/people/{people.client.pk}/check-ins/{checkin.pk}/").content.decode()
    assert "Estas preguntas se muestran en inglés porque se probaron con esas palabras" in page
    assert "There are more important things to me in life than using substances." in page  # the tested wording
    assert "Strongly agree" in page and 'lang="en"' in page
    assert "Evaluación breve del capital de recuperación (BARC-10)" in page


def test_the_checkins_page_gives_dates_totals_and_reliable_change_in_spanish(people: People) -> None:
    in_spanish(people)
    form = load_with_reliability(people.organisation.pk, "wellbeing-checkin", r=0.9, sd=5)
    first = timezone.make_aware(datetime(2026, 1, 5, 10))
    answered(people.client, "wellbeing-checkin", [20, 24, 36], start=first, form=form)
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/check-ins/").content.decode()
    with translation.override("es"):
        day = date_format(first, "SHORT_DATE_FORMAT")
    assert "Chequeo de bienestar" in page and "Chequeos de Casey Client" in page
    assert day in page and "ene" in day.lower()
    assert "mejora fiable" in page and "cuenta como fiable" in page
    assert "reliable improvement" not in page and "Date answered" not in page


def test_the_definition_is_shown_in_the_active_language() -> None:
    session = Questionnaire.objects.get(organisation=None, name="session-checkin")
    with translation.override("es"):
        assert session.shown.title == "Chequeo de la reunión"
        assert session.shown.items[0].scale and session.shown.items[0].scale.labels[0] == "Nada"
    with translation.override("en"):
        assert session.shown.title == "Session check-in"
    assert session.parsed.items[0].text == "I felt heard and respected."  # scoring and exports: the original
