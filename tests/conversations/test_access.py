"""Every messages URL by every actor: the client owner, their assigned supporter, an unassigned supporter, a
supervisor, an admin and an outsider (another organisation). Refusals are 404; opening a conversation is
one audited read (``read.messages``) whatever the number of messages."""

from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.conversations.models import Message
from tests.conftest import ACTORS, People, main_content, signed_in
from tests.consent.factories import open_in_emergency, share

from .factories import say

pytestmark = pytest.mark.django_db

WORDS = "I had a good week at the allotment."


@pytest.mark.parametrize("name", ACTORS)
def test_the_clients_own_messages_page_is_theirs_alone(people: People, name: str) -> None:
    own = say(people.client, people.client, WORDS)
    browser = signed_in(people.actor(name))
    expected = 200 if name == "owner" else 404
    page = browser.get("/me/messages/")
    assert page.status_code == expected
    assert (WORDS in page.content.decode()) == (name == "owner")
    assert browser.get(f"/me/messages/{own.pk}/edit/").status_code == expected
    posted = 302 if name == "owner" else 404
    assert browser.post("/me/messages/", {"body": "Hello"}).status_code == posted
    assert browser.post("/me/messages/choices/", {"stop": "on"}).status_code == posted
    assert browser.post(f"/me/messages/{own.pk}/withdraw/").status_code == posted


@pytest.mark.parametrize("name", ACTORS)
def test_a_conversation_is_open_to_the_client_and_their_supporters(people: People, name: str) -> None:
    mine = say(people.client, people.supporter, WORDS)
    browser = signed_in(people.actor(name))
    allowed = name in ("owner", "supporter")  # the owner too: the same page the client's own address shows
    page = browser.get(f"/people/{people.client.pk}/messages/")
    assert page.status_code == (200 if allowed else 404)
    assert (WORDS in main_content(page)) == allowed
    sent = browser.post(f"/people/{people.client.pk}/messages/", {"body": "A note from me"})
    assert sent.status_code == (302 if allowed else 404)
    changes = (
        f"/people/{people.client.pk}/messages/{mine.pk}/edit/",
        f"/people/{people.client.pk}/messages/{mine.pk}/withdraw/",
    )
    only_sender = 200 if name == "supporter" else 404
    assert browser.get(changes[0]).status_code == only_sender
    assert browser.post(changes[1]).status_code == (302 if name == "supporter" else 404)
    assert Message.objects.get(pk=mine.pk).withdrawn_at is not None or name != "supporter"


def test_a_supervisor_reads_by_consent_or_in_an_emergency_but_writes_only_by_consent(people: People) -> None:
    say(people.client, people.supporter, WORDS)
    browser = signed_in(people.supervisor)
    open_in_emergency(people.supervisor, people.client)
    page = browser.get(f"/people/{people.client.pk}/messages/")
    assert page.status_code == 200 and WORDS in page.content.decode()
    assert 'name="body"' not in page.content.decode()
    assert browser.post(f"/people/{people.client.pk}/messages/", {"body": "Hello"}).status_code == 404
    share(people.client, people.supervisor, areas=["messages"])
    assert 'name="body"' in browser.get(f"/people/{people.client.pk}/messages/").content.decode()


def test_opening_a_conversation_is_one_audited_read(people: People) -> None:
    for _ in range(3):
        say(people.client, people.client)
    signed_in(people.supporter).get(f"/people/{people.client.pk}/messages/")
    reads = AuditEntry.objects.filter(action="read.messages", client=people.client)
    assert reads.count() == 1 and reads.get().detail["basis"] == "assigned"
    signed_in(people.client).get("/me/messages/")
    assert reads.count() == 2


def test_sending_is_not_counted_as_a_read(people: People) -> None:
    signed_in(people.supporter).post(f"/people/{people.client.pk}/messages/", {"body": "Hello"})
    assert not AuditEntry.objects.filter(action="read.messages").exists()
    assert AuditEntry.objects.filter(action="message.send").count() == 1
