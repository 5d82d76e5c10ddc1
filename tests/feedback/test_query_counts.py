"""Client and supporter pages run a fixed number of queries for 30 or 1,000 check-ins and meetings (more than
one page of meetings either way)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.feedback.models import Prompt
from alongside.meetings.models import Meeting, Mode, Note, NoteStatus
from tests.conftest import People, signed_in

from .factories import answered

pytestmark = pytest.mark.django_db


def grow(people: People, count: int) -> None:
    start = timezone.now() - timedelta(weeks=count + 1)
    responses = answered(people.client, "session-checkin", [30 + i % 10 for i in range(count)], start=start, text="ok")
    answered(people.client, "barc-10", [40 + i % 15 for i in range(count)], start=start)
    Prompt.objects.bulk_create(
        Prompt(organisation=people.organisation, client=people.client, response=response, rules=["below-cutoff"])
        for response in responses[:: max(count // 10, 1)]
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            organisation=people.organisation,
            client=people.client,
            supporter=people.supporter,
            held_at=start + timedelta(weeks=i),
            mode=Mode.IN_PERSON,
            duration_minutes=45,
            recorded_by=people.supporter.user,
        )
        for i in range(count)
    )
    Note.objects.bulk_create(
        Note(
            organisation=people.organisation,
            client=people.client,
            meeting=meeting,
            author=people.supporter,
            status=NoteStatus.PUBLISHED,
            body="A note.",
        )
        for meeting in meetings
    )


def queries(browser: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("member", ["client", "supporter"])
def test_pages_do_not_grow_with_check_ins(people: People, member: str) -> None:
    browser = signed_in(getattr(people, member))
    pages = [
        f"/people/{people.client.pk}/check-ins/",
        f"/people/{people.client.pk}/meetings/",
        f"/people/{people.client.pk}/meetings/?page=2",
    ] + (["/me/"] if member == "client" else [])
    grow(people, 30)
    queries(browser, pages[0])  # the organisation's first audited read creates its audit chain head
    small = {url: queries(browser, url) for url in pages}
    grow(people, 970)
    large = {url: queries(browser, url) for url in pages}
    assert large == small
    assert max(large.values()) <= 22  # sign-in, policy and audit-write queries included


def test_a_meeting_page_does_not_grow_with_notes_and_their_history(people: People) -> None:
    from alongside.meetings import actions
    from tests.meetings.factories import shared_note

    note = shared_note(people)
    browser = signed_in(people.client)
    url = f"/people/{people.client.pk}/meetings/{note.meeting_id}/"
    queries(browser, url)
    actions.publish_note(actions.write_note(note.meeting, "One more", by=people.supporter), by=people.supporter)
    small = queries(browser, url)  # the client reads one new note: kept in a fixed number of queries
    for index in range(5):
        extra = actions.publish_note(
            actions.write_note(note.meeting, f"More {index}", by=people.supporter), by=people.supporter
        )
        actions.add_perspective(extra, "Mine", by=people.client)
        actions.request_correction(extra, "Fix", by=people.client)
        actions.edit_note(extra, f"Changed {index}", expected_version=1, by=people.supporter)
    assert queries(browser, url) == small
