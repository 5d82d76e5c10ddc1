"""Journal entries are the client's: private by default, encrypted at rest, shared only when they choose."""

from __future__ import annotations

import pytest
from django.db import connection

from alongside.plans import actions
from alongside.plans.models import JournalEntry
from tests.conftest import People, signed_in

from .factories import make_goal

pytestmark = pytest.mark.django_db


def test_entries_are_private_unless_shared(people: People) -> None:
    client = signed_in(people.client)
    client.post("/me/journal/", {"text": "Only for me", "is_private": "on"})
    client.post("/me/journal/", {"text": "Happy to share this"})
    page = client.get("/me/journal/").content.decode()
    assert "Only for me" in page and "Happy to share this" in page
    supporter_page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "Happy to share this" in supporter_page
    assert "Only for me" not in supporter_page


def test_a_shared_entry_can_be_made_private_again(people: People) -> None:
    client = signed_in(people.client)
    client.post("/me/journal/", {"text": "Shared for now"})
    entry = JournalEntry.objects.get()
    client.post(f"/me/journal/{entry.pk}/privacy/", {"private": "1"})
    assert JournalEntry.objects.get().is_private
    supporter_page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "Shared for now" not in supporter_page


def test_nobody_else_can_touch_a_journal_entry(people: People) -> None:
    signed_in(people.client).post("/me/journal/", {"text": "Mine", "is_private": "on"})
    entry = JournalEntry.objects.get()
    for outsider in (people.supporter, people.other_client, people.admin):
        assert signed_in(outsider).post(f"/me/journal/{entry.pk}/privacy/", {"private": "0"}).status_code == 404
    assert JournalEntry.objects.get().is_private


def test_journal_text_is_encrypted_at_rest(people: People) -> None:
    signed_in(people.client).post("/me/journal/", {"text": "A secret worry"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM plans_journalentry")
        (stored,) = cursor.fetchone()
    assert "worry" not in stored
    assert JournalEntry.objects.get().text == "A secret worry"


def test_a_private_goal_and_its_milestones_stay_hidden_from_supervisors_and_supporters(people: People) -> None:
    goal = make_goal(people.client, "A private hope", is_private=True)
    actions.set_status(goal, "completed", by=people.client)
    supporter_page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "A private hope" not in supporter_page
    assert "A private hope" in signed_in(people.client).get("/me/").content.decode()
