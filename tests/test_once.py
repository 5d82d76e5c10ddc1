"""A form sent twice stores one row, and a key only ever finds its own author's row in its own organisation."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.meetings import actions as meetings
from alongside.meetings.models import Meeting, Mode, Note
from alongside.once import Sending
from alongside.plans import actions as plans
from alongside.plans.models import JournalEntry
from tests.conftest import People
from tests.meetings.factories import meeting

pytestmark = pytest.mark.django_db


def record(people: People, by: Membership, key: uuid.UUID) -> Meeting:
    held_at = timezone.now() - timedelta(hours=1)
    return meetings.record_meeting(
        people.client,
        supporter=people.supporter,
        held_at=held_at,
        mode=Mode.PHONE,
        duration_minutes=30,
        by=by,
        submission_key=key,
    )


def test_the_same_form_sent_twice_stores_one_meeting(people: People) -> None:
    key = uuid.uuid4()
    assert record(people, people.supporter, key) == record(people, people.supporter, key)
    assert Meeting.objects.count() == 1


def test_someone_elses_key_does_not_return_their_row(people: People) -> None:
    """A client who sends a form with a key their supporter used gets their own meeting, not the supporter's."""
    key = uuid.uuid4()
    theirs = record(people, people.supporter, key)
    mine = record(people, people.client, key)
    assert mine != theirs and mine.recorded_by == people.client.user
    assert Meeting.objects.count() == 2


def test_a_note_key_is_scoped_to_its_author(people: People) -> None:
    key = uuid.uuid4()
    recorded = meeting(people)
    first = meetings.write_note(recorded, "First.", by=people.supporter, submission_key=key)
    assert meetings.write_note(recorded, "Again.", by=people.supporter, submission_key=key) == first
    assert Note.objects.count() == 1


def test_a_simultaneous_second_sending_gets_the_first_row(people: People) -> None:
    """Both sendings passed ``stored_before``; the database lets one insert, the other finds its row."""
    key = uuid.uuid4()
    entry = plans.write_journal_entry(people.client, "Today was good.", is_private=False, by=people.client, key=key)
    late = Sending(JournalEntry, key, organisation_id=people.organisation.pk, author={"client": people.client})
    assert late.store(text="Today was good.", is_private=False) == (entry, False)
