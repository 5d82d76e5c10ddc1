"""Meetings and notes made through the real actions, so tests exercise the same path as the pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from alongside.meetings import actions
from alongside.meetings.models import Meeting, Mode, Note
from tests.conftest import People


def meeting(people: People, *, held_at: datetime | None = None) -> Meeting:
    return actions.record_meeting(
        people.client,
        supporter=people.supporter,
        held_at=held_at or timezone.now() - timedelta(hours=1),
        mode=Mode.IN_PERSON,
        duration_minutes=50,
        by=people.supporter,
    )


def shared_note(people: People, body: str = "We talked about getting back to work.") -> Note:
    note = actions.write_note(meeting(people), body, by=people.supporter)
    return actions.publish_note(note, by=people.supporter)
