"""Messages over the API: the same people as on the page, the same hidden history, audited, and no receipts."""

from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.conversations import actions
from alongside.conversations.models import Receipt

from ..conftest import People
from ..conversations.factories import new_supporter_joins, say
from .factories import api_client

pytestmark = pytest.mark.django_db


def path(people: People) -> str:
    return f"/api/v1/clients/{people.client.pk}/messages"


@pytest.mark.parametrize("member_name", ["client", "supporter"])
def test_the_client_and_their_supporter_read_newest_first_and_it_is_audited(people: People, member_name: str) -> None:
    say(people.client, people.supporter, "How was the allotment?")
    say(people.client, people.client, "Good, I planted beans.")
    member = getattr(people, member_name)
    body = api_client(member).get(path(people)).json()
    assert body["count"] == 2
    assert [(item["body"], item["from_client"]) for item in body["items"]] == [
        ("Good, I planted beans.", True),
        ("How was the allotment?", False),
    ]
    assert body["items"][1]["author"] == {"id": people.supporter.pk, "name": people.supporter.user.display_name}
    assert AuditEntry.objects.filter(action="read.messages", actor=member.user, client=people.client).exists()


@pytest.mark.parametrize("member_name", ["unassigned_supporter", "outsider_supporter", "supervisor", "admin"])
def test_everyone_else_gets_404_without_the_words(people: People, member_name: str) -> None:
    say(people.client, people.supporter, "How was the allotment?")
    response = api_client(getattr(people, member_name)).get(path(people))
    assert response.status_code == 404
    assert "allotment" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="read.messages", client=people.client).exists()


def test_a_withdrawn_message_keeps_its_place_but_not_its_words(people: People) -> None:
    message = say(people.client, people.supporter, "Sent to the wrong person")
    actions.withdraw(message, by=people.supporter)
    [item] = api_client(people.client).get(path(people)).json()["items"]
    assert item["body"] is None and item["withdrawn_at"] is not None


def test_a_supporter_who_joined_later_sees_earlier_messages_only_if_the_client_allows(people: People) -> None:
    say(people.client, people.client, "Before you joined")
    new_supporter_joins(people.client, people.unassigned_supporter)
    later = api_client(people.unassigned_supporter)
    assert later.get(path(people)).json()["count"] == 0
    actions.share_history(people.client, True, by=people.client, member=people.unassigned_supporter)
    assert later.get(path(people)).json()["items"][0]["body"] == "Before you joined"


def test_reading_through_the_api_marks_nothing_seen_and_shows_who_did(people: People) -> None:
    message = say(people.client, people.client, "Are you free on Friday?")
    assert api_client(people.supporter).get(path(people)).status_code == 200
    assert not Receipt.objects.filter(reader=people.supporter).exists()
    actions.mark_seen([message], reader=people.supporter)
    [item] = api_client(people.client).get(path(people)).json()["items"]
    assert people.supporter.pk in [seen["reader"]["id"] for seen in item["seen_by"]]
