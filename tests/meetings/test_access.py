"""Outsiders can neither read nor write anything here, and one client's words never reach another client."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from alongside.feedback import actions as feedback_actions
from alongside.feedback.models import CheckinRequest, Prompt, Response
from alongside.meetings import actions
from alongside.meetings.models import AmendmentRequest, Meeting, Note, NoteReading, NoteRevision, Perspective
from tests.conftest import People, signed_in

from .factories import shared_note

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Casey talked about their sister's wedding."
SECRET_ANSWER = "Please stop checking your phone."


@dataclass
class Record:
    note: Note
    draft: Note
    amendment: AmendmentRequest
    checkin: CheckinRequest
    prompt: Prompt


def build(people: People) -> Record:
    note = shared_note(people, SECRET_NOTE)
    draft = actions.write_note(note.meeting, "A draft.", by=people.supporter)
    actions.add_perspective(note, "My own words about it.", by=people.client)
    amendment = actions.request_correction(note, "It was my cousin's wedding.", by=people.client)
    answered = CheckinRequest.objects.get(meeting=note.meeting)
    values = {"heard": "3", "goals": "3", "approach": "3", "overall": "3", "better": SECRET_ANSWER}
    feedback_actions.submit_response(answered, values, by=people.client)
    open_one = CheckinRequest.objects.filter(client=people.client, status="open").first()
    assert open_one is not None
    return Record(note, draft, amendment, open_one, Prompt.objects.get())


def urls(people: People, record: Record) -> list[str]:
    client = people.client.pk
    meeting = record.note.meeting_id
    return [
        reverse("meetings:list", args=[client]),
        reverse("meetings:record", args=[client]),
        reverse("meetings:detail", args=[client, meeting]),
        reverse("meetings:write_note", args=[client, meeting]),
        reverse("meetings:edit_note", args=[client, record.note.pk]),
        reverse("meetings:edit_note", args=[client, record.draft.pk]),
        reverse("meetings:publish_note", args=[client, record.draft.pk]),
        reverse("meetings:add_perspective", args=[client, record.note.pk]),
        reverse("meetings:request_correction", args=[client, record.note.pk]),
        reverse("meetings:answer_correction", args=[client, record.amendment.pk]),
        reverse("feedback:checkins", args=[client]),
        reverse("feedback:answer", args=[client, record.checkin.pk]),
        reverse("feedback:skip", args=[client, record.checkin.pk]),
        reverse("feedback:respond", args=[client, record.prompt.pk]),
    ]


POST_DATA = {
    "body": "Written by an outsider",
    "statement": "Outsider statement",
    "held_at": "2025-01-01T10:00",
    "mode": "phone",
    "duration_minutes": "30",
    "version": "1",
    "decision": "decline",
    "answer": "Outsider answer",
    "you_said": "Outsider",
    "next_time": "Outsider",
    "heard": "5",
    "goals": "5",
    "approach": "5",
    "overall": "5",
}
MODELS = (Meeting, Note, NoteRevision, NoteReading, Perspective, AmendmentRequest, CheckinRequest, Response, Prompt)


def snapshot() -> list[list[tuple]]:
    return [sorted(model.objects.values_list()) for model in MODELS]


@pytest.mark.parametrize(
    "outsider", ["unassigned_supporter", "outsider_supporter", "other_client", "supervisor", "admin"]
)
def test_outsiders_can_neither_read_nor_write(people: People, outsider: str) -> None:
    record = build(people)
    browser = signed_in(getattr(people, outsider))
    before = snapshot()
    for url in urls(people, record):
        for method in ("get", "post"):
            response = getattr(browser, method)(url, POST_DATA if method == "post" else None)
            assert response.status_code == 404, (outsider, method, url, response.status_code)
            body = response.content.decode()
            assert people.client.user.display_name not in body and SECRET_NOTE not in body
    assert snapshot() == before


def test_outsiders_in_another_organisation_cannot_reach_their_own_ids_in_our_organisation(people: People) -> None:
    """The other organisation's supporter asks for our objects under their own client's id."""
    record = build(people)
    browser = signed_in(people.outsider_supporter)
    theirs = people.outsider_client.pk
    for url in (
        reverse("meetings:detail", args=[theirs, record.note.meeting_id]),
        reverse("meetings:edit_note", args=[theirs, record.draft.pk]),
        reverse("meetings:answer_correction", args=[theirs, record.amendment.pk]),
        reverse("feedback:respond", args=[theirs, record.prompt.pk]),
    ):
        assert browser.get(url).status_code == 404, url


def test_the_client_and_their_supporter_can_open_their_pages(people: People) -> None:
    record = build(people)
    client, meeting = people.client.pk, record.note.meeting_id
    shared = [
        reverse("meetings:list", args=[client]),
        reverse("meetings:record", args=[client]),
        reverse("meetings:detail", args=[client, meeting]),
        reverse("feedback:checkins", args=[client]),
    ]
    pages = {
        people.client: [*shared, reverse("feedback:answer", args=[client, record.checkin.pk])],
        people.supporter: [
            *shared,
            reverse("meetings:edit_note", args=[client, record.draft.pk]),
            reverse("meetings:answer_correction", args=[client, record.amendment.pk]),
            reverse("feedback:respond", args=[client, record.prompt.pk]),
        ],
    }
    for member, urls_for_member in pages.items():
        browser = signed_in(member)
        for url in urls_for_member:
            assert browser.get(url).status_code == 200, (member, url)


def test_a_clients_free_text_is_never_shown_to_another_client(people: People) -> None:
    build(people)
    browser = signed_in(people.other_client)
    for url in (
        "/me/",
        reverse("meetings:list", args=[people.other_client.pk]),
        reverse("feedback:checkins", args=[people.other_client.pk]),
    ):
        body = browser.get(url).content.decode()
        for secret in (SECRET_NOTE, SECRET_ANSWER, "My own words about it.", "cousin's wedding"):
            assert secret not in body, url


def test_reads_are_audited(people: People) -> None:
    from alongside.audit.models import AuditEntry

    build(people)
    signed_in(people.supporter).get(reverse("meetings:list", args=[people.client.pk]))
    signed_in(people.supporter).get(reverse("feedback:checkins", args=[people.client.pk]))
    actions_seen = set(AuditEntry.objects.filter(actor=people.supporter.user).values_list("action", flat=True))
    assert {"read.meetings", "read.checkins"} <= actions_seen
