"""Messages in the rest of the record: the client's own "My data", the purge at the end of retention, and
the worklist signal for a client's message waiting for a reply."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alongside.consent.mydata import everything_for, shared_sections
from alongside.conversations import actions
from alongside.conversations.models import Conversation, Message, MessageRevision, Receipt
from alongside.conversations.mydata import export_for_client, purge_for_client
from alongside.policy import Area
from alongside.worklist.signals import Kind
from tests.conftest import People
from tests.worklist.factories import current, set_aside

from .factories import say

pytestmark = pytest.mark.django_db


def test_my_data_holds_the_conversation_with_wordings_and_receipts(people: People) -> None:
    message = say(people.client, people.supporter, "Friday at ten.")
    actions.edit(message, "Friday at eleven.", expected_version=1, by=people.supporter)
    actions.mark_seen([message], reader=people.client)
    [exported] = export_for_client(people.client, True)["messages"]
    assert exported["text"] == "Friday at eleven." and exported["from"] == "Sam Supporter"
    assert exported["earlier_wordings"][0]["text"] == "Friday at ten."
    assert exported["seen"][0]["by"] == "Casey Client"


def test_my_data_keeps_the_words_of_what_someone_else_withdrew_out(people: People) -> None:
    theirs = say(people.client, people.supporter, "Sent to the wrong person.")
    mine = say(people.client, people.client, "I take it back.")
    actions.withdraw(theirs, by=people.supporter)
    actions.withdraw(mine, by=people.client)
    texts = [row["text"] for row in export_for_client(people.client, True)["messages"]]
    assert texts == [None, "I take it back."]


def test_messages_go_only_into_the_clients_own_download(people: People) -> None:
    say(people.client, people.client, "Only mine.")
    assert "Only mine." in str(everything_for(people.client)["sections"]["messages"])
    assert "messages" not in {section.name for section in shared_sections(set(Area))}


def test_the_purge_removes_the_whole_conversation(people: People) -> None:
    message = say(people.client, people.supporter)
    actions.edit(message, "Changed", expected_version=1, by=people.supporter)
    say(people.client, people.client)
    purge_for_client(people.client)
    for model in (Conversation, Message, MessageRevision, Receipt):
        assert not model.objects.filter(client=people.client).exists()


def test_a_clients_message_waits_for_a_reply(people: People) -> None:
    first = say(people.client, people.client, "Are you there?")
    second = say(people.client, people.client, "Hello?")
    [signal] = current(people.client, Kind.MESSAGE_WAITING)
    assert signal.fact == f"message:{second.pk}" and signal.since == first.sent_at
    assert "2 messages" in signal.reason and "Hello" not in signal.reason
    assert signal.act_url == f"/people/{people.client.pk}/messages/"
    say(people.client, people.supporter, "I am here.")
    assert current(people.client, Kind.MESSAGE_WAITING) == []


def test_a_withdrawn_message_waits_for_nothing(people: People) -> None:
    actions.withdraw(say(people.client, people.client), by=people.client)
    assert current(people.client, Kind.MESSAGE_WAITING) == []


def test_a_set_aside_message_signal_comes_back_with_a_newer_message(people: People) -> None:
    say(people.client, people.client)
    set_aside(current(people.client, Kind.MESSAGE_WAITING)[0], by=people.supporter)
    assert current(people.client, Kind.MESSAGE_WAITING) == []
    later = say(people.client, people.client)
    Message.objects.filter(pk=later.pk).update(sent_at=later.sent_at + timedelta(seconds=1))
    assert len(current(people.client, Kind.MESSAGE_WAITING)) == 1
