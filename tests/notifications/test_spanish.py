"""Notifications in Spanish: the page in the person's language, and every email in the recipient's own language,
whoever caused it and whatever language the sender uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from alongside.conversations import actions as conversations
from alongside.notifications.models import Delivery
from tests.conftest import People, main_content, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english_afterwards() -> Iterator[None]:
    """A page in Spanish leaves Spanish active in this thread (the middleware activates a language and never
    puts the old one back): later tests that read words outside a request would read them in Spanish."""
    yield
    translation.deactivate()


URL = "/account/notifications/"


@pytest.fixture(autouse=True)
def _worker_runs_each_task_as_queued(tasks_run_at_once: None) -> None:
    pass


def test_the_page_and_its_errors_are_in_spanish(people: People) -> None:
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    browser = signed_in(people.client)
    page = main_content(browser.get(URL))
    assert "Avisos" in page and "Algo nuevo en mi plan (una sugerencia)" in page and "Horario sin avisos" in page
    assert "Something new in my plan" not in page
    refused = browser.post(URL, {"kinds": ["suggestion"], "frequency": "daily", "quiet_from": "22:00"})
    assert refused.status_code == 400
    assert "Por favor, indique las dos horas de su horario sin avisos" in refused.content.decode()


def test_each_email_is_in_its_recipients_language(people: People, django_capture_on_commit_callbacks: Any) -> None:
    people.client.user.language = "es"
    people.client.user.save(update_fields=["language"])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # an English-speaking sender
        conversations.send(people.client, "Hello there", by=people.supporter)
        conversations.send(people.client, "Hola", by=people.client)
    to_client = next(m for m in mail.outbox if m.to == [people.client.user.email])
    to_supporter = next(m for m in mail.outbox if m.to == [people.supporter.user.email])
    assert to_client.subject == "Tiene algo nuevo en Alongside"
    assert "Hay algo nuevo para usted en Alongside. Inicie sesión para verlo:" in to_client.body
    assert "Para elegir de qué le avisa Alongside, y cuándo, vaya a" in to_client.body
    assert to_supporter.subject == "You have something new in Alongside"  # no language chosen: the site's
    assert Delivery.objects.count() == 2
