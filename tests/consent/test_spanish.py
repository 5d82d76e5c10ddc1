"""Sharing, the consent form, emergency access and their mail, for people who chose Spanish."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from alongside.accounts.models import Membership
from tests.conftest import People, signed_in

from .factories import share

pytestmark = pytest.mark.django_db


def short_spanish(day: date) -> str:
    """The short date as the Spanish formats write it (alongside/formats/es: "5 nov 2026")."""
    with translation.override("es"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def in_spanish(member: Membership) -> Membership:
    member.user.language = "es"
    member.user.save(update_fields=["language"])
    return member


def test_sharing_page_consent_form_and_an_error_are_in_spanish(people: People) -> None:
    consent = share(people.client, people.supervisor, expires_on=date(2031, 11, 5))
    browser = signed_in(in_spanish(people.client))
    page = browser.get("/me/sharing/").content.decode()
    assert "Lo que comparte" in page and "Firmar y compartir" in page
    assert f"se comparte hasta el {short_spanish(date(2031, 11, 5))}" in page  # the short date, in Spanish
    form = browser.get(f"/me/sharing/{consent.pk}/").content.decode()
    assert "Consentimiento para compartir mis expedientes" in form
    assert "Al final del 5 de noviembre de 2031" in form  # the long date, in Spanish
    assert "Puedo dejar de compartir (revocar este consentimiento)" in form
    refused = browser.post("/me/sharing/", {"request_key": "6f1c1a52-8c55-4b8e-9d2a-0a4f5d0e7b11"})
    assert "Por favor, elija con quién quiere compartir." in refused.content.decode()


def test_who_has_seen_my_record_reads_in_spanish(people: People) -> None:
    share(people.client, people.supervisor, areas=["plan", "meetings"])
    page = signed_in(in_spanish(people.client)).get("/me/record-views/").content.decode()
    assert "Quién ha visto mi expediente" in page
    assert "Usted</strong> empezó a compartir su plan y las notas de sus reuniones con Vera Supervisor" in page


def test_break_glass_mail_is_in_the_clients_language_not_the_supervisors(
    people: People, django_capture_on_commit_callbacks
) -> None:
    in_spanish(people.client)  # the supervisor reads Alongside in English
    reason = "Missed check-in and wrote that she is not safe tonight"
    browser = signed_in(people.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/team/emergency-access/", {"client": people.client.pk, "reason": reason})
    assert response.status_code == 302
    sent = mail.outbox[-1]
    assert sent.subject == "Alguien abrió su expediente de Alongside en una emergencia"
    assert sent.body.startswith("Hola, Casey Client:")
    assert "sin su consentimiento" in sent.body
    page = browser.get(response["Location"]).content.decode()
    assert "You opened this record in an emergency" in page  # the supervisor's page stays in English


def test_break_glass_error_is_in_spanish_for_a_supervisor_who_chose_it(people: People) -> None:
    browser = signed_in(in_spanish(people.supervisor))
    response = browser.post("/team/emergency-access/", {"client": people.client.pk, "reason": "  "})
    assert "Por favor, dé el motivo por el que necesita abrir este expediente sin consentimiento." in (
        response.content.decode()
    )


def test_written_dates_of_the_readable_record_are_spanish() -> None:
    from django.utils import translation

    from alongside.consent.templatetags.readable import written_date, written_time

    moment = timezone.make_aware(datetime(2026, 11, 5, 14, 5))
    with translation.override("es"):
        assert written_date(moment) == "5 de noviembre de 2026"
        assert written_time(moment) == "5 de noviembre de 2026 a las 14:05"
    with translation.override("en"):
        assert written_time(moment) == "5 November 2026 at 14:05"
