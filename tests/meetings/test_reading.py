"""A shared note is "new" to the client until they open it, and "changed" when it moves on after that.

Only the client's own reading counts; reading is kept by an audited action that stores one row per note, even
when two openings race each other.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.meetings import actions
from alongside.meetings.models import Note, NoteReading
from alongside.meetings.queries import new_notes
from tests.conftest import People, main_content, signed_in

from .factories import shared_note

pytestmark = pytest.mark.django_db

ACTORS = ["client", "supporter", "unassigned_supporter", "supervisor", "admin", "outsider_supporter"]


def detail(note: Note) -> str:
    return reverse("meetings:detail", args=[note.client_id, note.meeting_id])


def read_entries() -> int:
    return AuditEntry.objects.filter(action="note.read").count()


def test_a_new_note_is_marked_new_once_then_read(people: People) -> None:
    note = shared_note(people)
    browser = signed_in(people.client)
    listing = reverse("meetings:list", args=[people.client.pk])
    assert "badge-new" in main_content(browser.get(listing))
    first = main_content(browser.get(detail(note)))
    assert ">New<" in first  # shown on the visit that reads it
    assert NoteReading.objects.get(note=note).version == note.version
    assert ">New<" not in main_content(browser.get(detail(note)))
    assert "badge-new" not in main_content(browser.get(listing))
    assert read_entries() == 1


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_clients_own_reading_clears_the_marker(people: People, actor: str) -> None:
    note = shared_note(people)
    status = signed_in(getattr(people, actor)).get(detail(note)).status_code
    assert status == (200 if actor in ("client", "supporter") else 404)
    assert NoteReading.objects.exists() == (actor == "client")
    assert [n.pk for n in new_notes(people.client, 5)] == ([] if actor == "client" else [note.pk])


def test_a_note_changed_after_reading_shows_as_changed(people: People) -> None:
    note = shared_note(people)
    browser = signed_in(people.client)
    browser.get(detail(note))
    actions.edit_note(note, "We talked about work and about rest.", expected_version=note.version, by=people.supporter)
    assert [n.read_version for n in new_notes(people.client, 5)] == [1]
    assert "Changed since you read it" in main_content(browser.get(detail(note)))
    assert NoteReading.objects.get(note=note).version == 2
    assert new_notes(people.client, 5) == []
    assert read_entries() == 2


def test_marking_read_twice_stores_one_row_and_one_entry(people: People) -> None:
    note = shared_note(people)
    assert actions.mark_read([note], by=people.client) == [note]
    assert actions.mark_read([note], by=people.client) == []
    assert NoteReading.objects.count() == 1
    assert read_entries() == 1


def test_an_opening_that_loses_the_race_stores_no_second_row(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other opening inserts its row between this one's look and its insert: ON CONFLICT keeps one."""
    note = shared_note(people)
    insert = NoteReading.objects.bulk_create

    def other_opening_first(rows: list[NoteReading], **options: object) -> list[NoteReading]:
        NoteReading.objects.create(organisation=note.organisation, client=people.client, note=note, version=1)
        return insert(rows, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(NoteReading.objects, "bulk_create", other_opening_first)
    actions.mark_read([note], by=people.client)
    assert NoteReading.objects.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_openings_at_once_store_one_row(people: People) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    note = shared_note(people)
    start, errors = threading.Barrier(2), []

    def open_note() -> None:
        try:
            start.wait()
            actions.mark_read([note], by=people.client)
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_note) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert NoteReading.objects.filter(note=note).count() == 1


def test_nobody_else_can_mark_a_note_read(people: People) -> None:
    note = shared_note(people)
    for other in (people.supporter, people.other_client, people.outsider_client):
        with pytest.raises(PermissionDenied):
            actions.mark_read([note], by=other)
    draft = actions.write_note(note.meeting, "Not shared yet.", by=people.supporter)
    with pytest.raises(ValidationError):
        actions.mark_read([draft], by=people.client)
    assert not NoteReading.objects.exists()
    assert read_entries() == 0
