"""Plain-text emails show names as written: "O'Connor", not "O&#x27;Connor" (HTML escaping is for web pages)."""

from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from alongside.consent.actions import close_account
from tests.conftest import People, signed_in
from tests.consent.factories import open_in_emergency

pytestmark = pytest.mark.django_db

SOURCE = Path(__file__).resolve().parent.parent / "alongside"
NAME = "Ann O'Connor & Co"
ORGANISATION = "Friends & Neighbours"


@pytest.fixture
def named(people: People) -> People:
    """People whose names and organisation hold an apostrophe and an ampersand."""
    for member, name in ((people.client, NAME), (people.supervisor, "Pat D'Arcy")):
        member.user.display_name = name
        member.user.save(update_fields=["display_name"])
    people.organisation.name = ORGANISATION
    people.organisation.save(update_fields=["name"])
    return people


def assert_written_as_is(body: object, *names: str) -> None:
    text = str(body)
    for name in names:
        assert name in text, text
    assert "&#x27;" not in text and "&amp;" not in text


def test_the_invitation(named: People, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the invitation leaves once it is committed
        signed_in(named.admin).post(
            "/invite-someone/", {"display_name": NAME, "email": "ann@example.org", "role": "client"}
        )
    assert_written_as_is(mail.outbox[-1].body, f"Hello {NAME},", ORGANISATION)


def test_the_password_reset(named: People) -> None:
    Client().post("/account/password/reset/", {"email": named.client.user.email})
    assert_written_as_is(mail.outbox[-1].body, f"Hello {NAME},")


def test_the_emergency_opening(named: People, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        open_in_emergency(named.supervisor, named.client)
    assert_written_as_is(mail.outbox[-1].body, f"Hello {NAME},", "Pat D'Arcy", ORGANISATION)


def test_closing_the_account(named: People, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        close_account(named.client)
    assert_written_as_is(mail.outbox[-1].body, f"Hello {NAME},", ORGANISATION)


def test_every_email_template_turns_html_escaping_off() -> None:
    templates = [*SOURCE.glob("*/templates/*/email/*"), *SOURCE.glob("*/templates/*/*_email.*")]
    assert len(templates) >= 4
    for template in templates:
        assert template.read_text().startswith("{% autoescape off %}"), template
