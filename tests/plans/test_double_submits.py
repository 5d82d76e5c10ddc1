"""The new-goal and journal forms sent twice (a double click, a resend) store one row and one audit entry."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from alongside.audit.models import AuditEntry
from alongside.once import Sending
from alongside.plans import actions
from alongside.plans.models import Goal, JournalEntry
from tests.conftest import People, signed_in

pytestmark = pytest.mark.django_db

# url, what the person typed, the model that stores it, its audit action
FORMS = {
    "new goal": ("/me/plan/goals/new/", {"text": "Swim on Sundays", "status": "active"}, Goal, "plan.goal.create"),
    "journal": ("/me/journal/", {"text": "A calm evening", "is_private": "on"}, JournalEntry, "plan.journal.write"),
}


def form_key(browser: Client, url: str) -> str:
    """The key the page put in the form, as a browser would send it back."""
    match = re.search(r'name="key" value="([0-9a-f-]{36})"', browser.get(url).content.decode())
    assert match, "the form carries no key"
    return match[1]


@pytest.mark.parametrize("form", list(FORMS))
def test_the_same_form_sent_twice_is_stored_once(people: People, form: str) -> None:
    url, typed, model, action = FORMS[form]
    browser = signed_in(people.client)
    data = typed | {"key": form_key(browser, url)}
    first, second = browser.post(url, data), browser.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert model._default_manager.count() == 1
    assert AuditEntry.objects.filter(action=action).count() == 1


@pytest.mark.parametrize("form", list(FORMS))
def test_each_showing_of_the_form_is_stored(people: People, form: str) -> None:
    url, typed, model, _ = FORMS[form]
    browser = signed_in(people.client)
    for _ in range(2):
        browser.post(url, typed | {"key": form_key(browser, url)})
    assert model._default_manager.count() == 2


@pytest.mark.parametrize("form", list(FORMS))
def test_a_key_counts_only_for_its_author(people: People, form: str) -> None:
    url, typed, model, _ = FORMS[form]
    data = typed | {"key": str(uuid.uuid4())}
    for author in (people.client, people.other_client, people.outsider_client):
        assert signed_in(author).post(url, data).status_code == 302
    owners = {people.client.pk, people.other_client.pk, people.outsider_client.pk}
    assert set(model._default_manager.values_list("client", flat=True)) == owners


@pytest.mark.parametrize("form", list(FORMS))
def test_a_form_without_a_key_still_saves(people: People, form: str) -> None:
    url, typed, model, _ = FORMS[form]
    assert signed_in(people.client).post(url, typed).status_code == 302
    assert model._default_manager.count() == 1


def test_two_sendings_racing_each_other_store_one_goal(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    key = uuid.uuid4()
    first = actions.create_goal(people.client, {"text": "Swim on Sundays"}, by=people.client, key=key)
    monkeypatch.setattr(Sending, "stored_before", lambda _: None)  # both looked before either had stored
    second = actions.create_goal(people.client, {"text": "Swim on Sundays"}, by=people.client, key=key)
    assert second == first and Goal.objects.count() == 1
    assert AuditEntry.objects.filter(action="plan.goal.create").count() == 1


def test_two_sendings_racing_each_other_store_one_journal_entry(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, client = uuid.uuid4(), people.client
    first = actions.write_journal_entry(client, "A calm evening", is_private=True, by=client, key=key)
    monkeypatch.setattr(Sending, "stored_before", lambda _: None)
    second = actions.write_journal_entry(client, "A calm evening", is_private=True, by=client, key=key)
    assert second == first and JournalEntry.objects.count() == 1
    assert AuditEntry.objects.filter(action="plan.journal.write").count() == 1
