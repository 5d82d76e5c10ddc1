"""The conversation pages: what each side sees (receipts, earlier wordings, withdrawn messages, the client's
"stop"), the coach on a supporter's words, and a double submit storing one message."""

from __future__ import annotations

import uuid

import pytest

from alongside.conversations import actions
from alongside.conversations.models import Message
from tests.conftest import People, main_content, signed_in

from .factories import new_supporter_joins, say

pytestmark = pytest.mark.django_db


def conversation_page(people: People) -> str:
    return main_content(signed_in(people.supporter).get(f"/people/{people.client.pk}/messages/"))


def test_the_sender_sees_when_the_other_side_saw_a_message(people: People) -> None:
    say(people.client, people.supporter, "Shall we meet Friday?")
    assert "Seen by" not in conversation_page(people)
    signed_in(people.client).get("/me/messages/")
    assert "Seen by Casey Client" in conversation_page(people)


def test_an_edited_message_shows_its_earlier_wording(people: People) -> None:
    message = say(people.client, people.supporter, "Friday at ten.")
    actions.edit(message, "Friday at eleven.", expected_version=1, by=people.supporter)
    page = main_content(signed_in(people.client).get("/me/messages/"))
    assert "Friday at eleven." in page and "earlier wording" in page and "Friday at ten." in page


def test_a_withdrawn_message_shows_as_withdrawn_to_everyone(people: People) -> None:
    message = say(people.client, people.client, "Something I regret.")
    signed_in(people.client).post(f"/me/messages/{message.pk}/withdraw/")
    for page in (conversation_page(people), main_content(signed_in(people.client).get("/me/messages/"))):
        assert "Something I regret." not in page and "was withdrawn" in page


def test_staff_see_the_clients_stop_and_can_still_write(people: People) -> None:
    signed_in(people.client).post("/me/messages/choices/", {"stop": "on"})
    page = conversation_page(people)
    assert "Casey Client asked not to be contacted about messages right now" in page
    assert 'name="body"' in page
    signed_in(people.client).post("/me/messages/choices/", {"stop": "off"})
    assert "asked not to be contacted" not in conversation_page(people)


def test_the_coach_looks_at_a_supporters_words_before_they_are_sent(people: People) -> None:
    browser = signed_in(people.supporter)
    url = f"/people/{people.client.pk}/messages/"
    page = browser.post(url, {"body": "Were you non-compliant with your meds again?"}).content.decode()
    assert "Before you share" in page and not Message.objects.exists()
    assert browser.post(url, {"body": "How are the new meds going?"}).status_code == 302


def test_the_clients_words_are_not_coached(people: People) -> None:
    assert signed_in(people.client).post("/me/messages/", {"body": "I was non-compliant."}).status_code == 302


def test_the_same_message_sent_twice_is_stored_once(people: People) -> None:
    browser, key = signed_in(people.client), str(uuid.uuid4())
    for _ in range(2):
        browser.post("/me/messages/", {"body": "Hello", "submission_key": key})
    assert Message.objects.count() == 1


def test_a_new_supporter_is_told_that_earlier_messages_are_kept_from_them(people: People) -> None:
    say(people.client, people.client, "From before.")
    new_supporter_joins(people.client, people.unassigned_supporter)
    url = f"/people/{people.client.pk}/messages/"
    page = main_content(signed_in(people.unassigned_supporter).get(url))
    assert "From before." not in page and "Earlier messages" in page
    signed_in(people.client).post("/me/messages/choices/", {"member": people.unassigned_supporter.pk, "allowed": "yes"})
    assert "From before." in main_content(signed_in(people.unassigned_supporter).get(url))


def test_the_client_chooses_only_for_their_own_supporters(people: People) -> None:
    answer = signed_in(people.client).post("/me/messages/choices/", {"member": people.admin.pk, "allowed": "yes"})
    assert answer.status_code == 404
