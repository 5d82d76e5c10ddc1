"""Accounts in Spanish: the organisation's pages, and an invitation in the language the person inviting chose."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from alongside.accounts.models import Invitation, User

from ..conftest import People, main_content, signed_in

pytestmark = pytest.mark.django_db


def invite(browser: Client, on_commit, **data: str):
    with on_commit(execute=True):
        return browser.post("/invite-someone/", {"role": "supporter", **data})


def link_in(body: str) -> str:
    match = re.search(r"http://testserver(/invite/\S+/)", body)
    assert match
    return match[1]


def test_an_english_speaking_admin_invites_someone_in_spanish(
    people: People, django_capture_on_commit_callbacks
) -> None:
    admin = signed_in(people.admin)
    form = admin.get("/invite-someone/").content.decode()
    assert 'value="en" selected' in form  # the admin's own language, unless they choose another
    response = invite(
        admin, django_capture_on_commit_callbacks, display_name="Nueva", email="nueva@example.org", language="es"
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Le invitan a Riverside en Alongside"
    assert "Hola, Nueva:" in message.body and "Para aceptar, abra este enlace" in message.body
    assert Invitation.objects.get(email="nueva@example.org").language == "es"
    link = link_in(str(message.body))
    newcomer = Client()
    assert "Le damos la bienvenida, Nueva" in newcomer.get(link).content.decode()  # no browser language needed
    newcomer.post(link, {"password1": "a fine passphrase", "password2": "a fine passphrase"})
    assert User.objects.get(email="nueva@example.org").language == "es"
    assert "Cerrar sesión" in newcomer.get("/", follow=True).content.decode()


def test_the_invitation_is_in_the_admins_language_unless_they_choose(
    people: People, django_capture_on_commit_callbacks
) -> None:
    people.admin.user.language = "es"
    people.admin.user.save(update_fields=["language"])
    admin = signed_in(people.admin)
    invite(admin, django_capture_on_commit_callbacks, display_name="Ana", email="ana@example.org")
    assert Invitation.objects.get(email="ana@example.org").language == "es"
    assert mail.outbox[-1].subject == "Le invitan a Riverside en Alongside"
    invite(admin, django_capture_on_commit_callbacks, display_name="Ann", email="ann@example.org", language="en")
    assert mail.outbox[-1].subject == "You are invited to Riverside on Alongside"
    assert "Hello Ann," in mail.outbox[-1].body


def test_the_organisation_pages_speak_spanish(people: People, django_capture_on_commit_callbacks) -> None:
    people.admin.user.language = "es"
    people.admin.user.save(update_fields=["language"])
    admin = signed_in(people.admin)
    refused = invite(admin, django_capture_on_commit_callbacks, display_name="Sam", email=people.supporter.user.email)
    assert f"{people.supporter.user.email} ya pertenece a Riverside." in refused.content.decode()
    invite(admin, django_capture_on_commit_callbacks, display_name="Ana", email="ana@example.org")
    page = main_content(admin.get("/organisation/invitations/"))
    with translation.override("es"):
        today = date_format(timezone.localtime(), "SHORT_DATE_FORMAT")
    assert f"Invitación de Ada Admin el {today}" in page
    organisation = main_content(admin.get("/organisation/"))
    assert "Compañeros/as de apoyo" in organisation and "personas acompañadas" in organisation


def test_the_link_to_set_a_new_password_is_in_the_accounts_language(people: People) -> None:
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    Client().post("/account/password/reset/", {"email": people.client.user.email})  # from an English browser
    assert mail.outbox[-1].subject == "Ponga una contraseña nueva para Alongside"
    assert "Hola, Casey Client:" in str(mail.outbox[-1].body)
