"""Groups in Spanish: the attendance buttons, the session's date, a refusal, and the client's own groups."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.accounts.models import Membership
from alongside.groups.models import Status
from tests.conftest import People, main_content, signed_in

from .factories import make_group, make_session, mark

pytestmark = pytest.mark.django_db


def in_spanish(member: Membership) -> Membership:
    member.user.language = "es"
    member.user.save(update_fields=["language"])
    return member


def test_attendance_is_taken_in_spanish(people: People) -> None:
    session = make_session(people, make_group(people))
    mark(people, session, people.client, Status.LEFT_EARLY)
    page = main_content(signed_in(in_spanish(people.supporter)).get(f"/groups/sessions/{session.pk}/"))
    with translation.override("es"):
        starts = date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
    assert starts in page and " de " in starts
    assert "Asistencia" in page
    for word in (">Presente<", ">Se fue antes<", ">No vino<"):
        assert word in page
    assert 'aria-label="Se fue antes: Casey Client"' in page
    assert "Present<" not in page and "Attendance" not in page


def test_a_session_ending_before_it_starts_is_refused_in_spanish(people: People) -> None:
    group = make_group(people)
    response = signed_in(in_spanish(people.supporter)).post(
        f"/groups/{group.pk}/sessions/new/",
        {"day": timezone.localdate().isoformat(), "starts": "18:00", "ends": "17:00", "topic": "Sleep"},
    )
    assert response.status_code == 400
    assert "La sesión debe terminar después de empezar." in main_content(response)


def test_the_client_reads_their_groups_in_spanish(people: People) -> None:
    session = make_session(people, make_group(people))
    mark(people, session, people.client)
    page = main_content(signed_in(in_spanish(people.client)).get("/me/groups/"))
    with translation.override("es"):
        starts = date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
    assert "Mis grupos" in page and "Presente" in page and starts in page
    assert "Volver a mi camino" in page
