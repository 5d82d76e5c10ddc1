"""Sending, editing with revisions, withdrawing, read receipts, the client's "stop" and who reads earlier
messages: each checked by the policy, audited without words, and notified without content."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from pytest_django import DjangoAssertNumQueries

from alongside.audit.models import AuditEntry
from alongside.conversations import actions, queries
from alongside.conversations.models import Message, Receipt
from alongside.notifications.kinds import Kind
from alongside.notifications.models import Delivery
from tests.conftest import People
from tests.consent.factories import share

from .factories import new_supporter_joins, say

pytestmark = pytest.mark.django_db


def test_a_message_is_stored_encrypted_and_audited_without_its_words(people: People) -> None:
    message = say(people.client, people.supporter, "Thinking of you today.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM conversations_message WHERE id = %s", [message.pk])
        assert "Thinking" not in cursor.fetchone()[0]
    entry = AuditEntry.objects.get(action="message.send")
    assert entry.client_id == people.client.pk and entry.target == f"message:{message.pk}"
    assert "Thinking" not in str(entry.detail)


def test_the_same_form_sent_twice_stores_one_message(people: People) -> None:
    key = uuid.uuid4()
    first = actions.send(people.client, "Hello", by=people.client, submission_key=key)
    again = actions.send(people.client, "Hello", by=people.client, submission_key=key)
    assert first.pk == again.pk and Message.objects.count() == 1


@pytest.mark.parametrize("name", ["unassigned_supporter", "supervisor", "admin", "outsider_supporter", "other_client"])
def test_only_the_client_and_their_supporters_write(people: People, name: str) -> None:
    with pytest.raises(PermissionDenied):
        say(people.client, getattr(people, name))


def test_someone_the_client_shares_messages_with_takes_part(people: People) -> None:
    share(people.client, people.unassigned_supporter, areas=["messages"])
    assert say(people.client, people.unassigned_supporter).author == people.unassigned_supporter


def test_an_empty_or_long_message_is_refused(people: People) -> None:
    with pytest.raises(ValidationError):
        say(people.client, people.client, "   ")
    with pytest.raises(ValidationError):
        say(people.client, people.client, "x" * 4001)


def test_an_edit_keeps_the_earlier_wording(people: People) -> None:
    message = say(people.client, people.supporter, "See you Tuesday.")
    actions.edit(message, "See you Wednesday.", expected_version=1, by=people.supporter)
    message.refresh_from_db()
    assert message.body == "See you Wednesday." and message.version == 2 and message.edited_at
    assert [revision.body for revision in message.revisions.all()] == ["See you Tuesday."]
    assert AuditEntry.objects.filter(action="message.edit").count() == 1


def test_an_edit_over_a_newer_version_is_refused(people: People) -> None:
    message = say(people.client, people.supporter)
    actions.edit(message, "Changed once.", expected_version=1, by=people.supporter)
    with pytest.raises(actions.StaleEdit):
        actions.edit(message, "Changed from an old tab.", expected_version=1, by=people.supporter)


def test_only_the_sender_edits_or_withdraws(people: People) -> None:
    message = say(people.client, people.supporter)
    with pytest.raises(PermissionDenied):
        actions.edit(message, "Not mine", expected_version=1, by=people.client)
    with pytest.raises(PermissionDenied):
        actions.withdraw(message, by=people.client)


def test_a_withdrawn_message_keeps_its_words_for_the_record_only(people: People) -> None:
    message = say(people.client, people.client, "I said too much.")
    actions.withdraw(message, by=people.client)
    message.refresh_from_db()
    assert message.withdrawn_at and message.body == "I said too much."
    assert Message.objects.filter(pk=message.pk).exists()
    with pytest.raises(actions.StaleEdit):
        actions.edit(message, "Back again", expected_version=1, by=people.client)


def test_a_sender_who_no_longer_supports_the_client_cannot_change_their_message(people: People) -> None:
    message = say(people.client, people.supporter)
    people.supporter.client_assignments.update(ended_at=message.sent_at)
    with pytest.raises(PermissionDenied):
        actions.withdraw(message, by=people.supporter)


def test_receipts_say_who_saw_each_message_once(people: People) -> None:
    message = say(people.client, people.supporter)
    actions.mark_seen([message], reader=people.client)
    actions.mark_seen([message], reader=people.client)
    receipts = Receipt.objects.filter(message=message).exclude(reader=people.supporter)
    assert list(receipts.values_list("reader", flat=True)) == [people.client.pk]


def test_the_other_side_is_told_that_something_is_new(people: People) -> None:
    from_supporter = say(people.client, people.supporter)
    from_client = say(people.client, people.client)
    to_client = Delivery.objects.get(event=f"message:{from_supporter.pk}")
    assert to_client.recipient == people.client and to_client.kind == Kind.MESSAGE
    to_supporter = Delivery.objects.get(event=f"message:{from_client.pk}")
    assert to_supporter.recipient == people.supporter and to_supporter.kind == Kind.CLIENT_MESSAGE
    assert "/messages/" in to_client.link


def test_the_clients_stop_silences_every_staff_sending(people: People) -> None:
    share(people.client, people.unassigned_supporter, areas=["messages"])
    actions.set_stop(people.client, True, by=people.client)
    say(people.client, people.supporter)
    say(people.client, people.unassigned_supporter)
    assert not Delivery.objects.filter(recipient=people.client).exists()
    say(people.client, people.client)  # the client's own messages still reach their supporters
    assert Delivery.objects.filter(recipient=people.supporter).exists()
    actions.set_stop(people.client, False, by=people.client)
    say(people.client, people.supporter)
    assert Delivery.objects.filter(recipient=people.client).count() == 1
    assert AuditEntry.objects.filter(action="messages.stop").count() == 2


def test_only_the_client_sets_their_choices(people: People) -> None:
    with pytest.raises(PermissionDenied):
        actions.set_stop(people.client, True, by=people.supporter)
    with pytest.raises(PermissionDenied):
        actions.share_history(people.client, True, by=people.supporter)


def test_a_new_supporter_reads_only_from_when_they_joined(people: People) -> None:
    earlier = say(people.client, people.client, "Before you came.")
    new_supporter_joins(people.client, people.unassigned_supporter)
    later = say(people.client, people.unassigned_supporter, "Hello, I am new.")
    found = queries.conversation(people.client)
    assert list(queries.thread(people.unassigned_supporter, people.client, found)) == [later]
    assert queries.earlier_hidden(people.unassigned_supporter, people.client, found)
    assert list(queries.thread(people.client, people.client, found)) == [earlier, later]


def test_the_client_lets_one_new_supporter_read_the_history(people: People) -> None:
    earlier = say(people.client, people.client)
    new_supporter_joins(people.client, people.unassigned_supporter)
    actions.share_history(people.client, True, by=people.client, member=people.unassigned_supporter)
    found = queries.conversation(people.client)
    assert earlier in queries.thread(people.unassigned_supporter, people.client, found)
    assert AuditEntry.objects.filter(action="messages.history").count() == 1


def test_the_clients_default_lets_new_supporters_read_unless_they_said_no_for_one(people: People) -> None:
    earlier = say(people.client, people.client)
    actions.share_history(people.client, True, by=people.client)
    new_supporter_joins(people.client, people.unassigned_supporter)
    found = queries.conversation(people.client)
    assert earlier in queries.thread(people.unassigned_supporter, people.client, found)
    actions.share_history(people.client, False, by=people.client, member=people.unassigned_supporter)
    assert earlier not in queries.thread(people.unassigned_supporter, people.client, found)


def test_the_thread_loads_in_a_fixed_number_of_queries(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    say(people.client, people.client)
    found = queries.conversation(people.client)
    with django_assert_max_num_queries(12) as few:
        list(queries.thread(people.supporter, people.client, found))
    for _ in range(5):
        actions.edit(say(people.client, people.supporter), "Changed", expected_version=1, by=people.supporter)
    with django_assert_max_num_queries(len(few.captured_queries)):
        list(queries.thread(people.supporter, people.client, found))
