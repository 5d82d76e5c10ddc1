"""Nothing about me without me: drafts stay private, shared notes keep every earlier word and the client's."""

import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.feedback.models import CheckinRequest
from alongside.language import classifier
from alongside.meetings import actions
from alongside.meetings.models import AmendmentStatus, Meeting, Mode, Note, NoteRevision, Perspective
from tests.conftest import People, signed_in

from .factories import meeting, shared_note

pytestmark = pytest.mark.django_db


def test_recording_a_meeting_invites_the_client_by_email_and_is_audited(
    people: People, django_capture_on_commit_callbacks, tasks_run_at_once: None
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # handed to the worker once the meeting is committed
        recorded = meeting(people)
    assert CheckinRequest.objects.filter(meeting=recorded, questionnaire__name="session-checkin").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [people.client.user.email]
    assert f"/people/{people.client.pk}/check-ins/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="meeting.record")
    assert (entry.actor, entry.client, entry.target) == (people.supporter.user, people.client, f"meeting:{recorded.pk}")


def test_the_client_can_record_a_meeting_with_their_supporter(people: People) -> None:
    response = signed_in(people.client).post(
        f"/people/{people.client.pk}/meetings/new/",
        {
            "held_at": (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "mode": Mode.PHONE,
            "duration_minutes": "30",
            "supporter": people.supporter.pk,
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    recorded = Meeting.objects.get()
    assert (recorded.supporter, recorded.recorded_by, recorded.mode) == (people.supporter, people.client.user, "phone")
    assert not mail.outbox  # they are right there; no need to email them


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duration_minutes": "0"}, "at least 1 minute"),
        ({"duration_minutes": "601"}, "at most 600 minutes"),
        ({"mode": "carrier-pigeon"}, "Select a valid choice"),
        ({"held_at": ""}, "Please give the date and time"),
    ],
)
def test_bad_meeting_input_is_explained_and_nothing_is_stored(people: People, change: dict, message: str) -> None:
    data = {
        "held_at": "2025-03-01T10:00",
        "mode": Mode.VIDEO,
        "duration_minutes": "45",
        "supporter": people.supporter.pk,
    } | change
    response = signed_in(people.supporter).post(f"/people/{people.client.pk}/meetings/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists() and not CheckinRequest.objects.exists()


def test_a_meeting_in_the_future_or_with_an_unassigned_supporter_is_refused(people: People) -> None:
    with pytest.raises(ValidationError, match="once it has happened"):
        actions.record_meeting(
            people.client,
            supporter=people.supporter,
            held_at=timezone.now() + timedelta(days=1),
            mode=Mode.PHONE,
            duration_minutes=20,
            by=people.supporter,
        )
    with pytest.raises(ValidationError, match="walks alongside this person now"):
        actions.record_meeting(
            people.client,
            supporter=people.unassigned_supporter,
            held_at=timezone.now(),
            mode=Mode.PHONE,
            duration_minutes=20,
            by=people.client,
        )
    assert not Meeting.objects.exists()


def test_a_double_submitted_meeting_is_stored_once(people: People) -> None:
    data = {
        "held_at": "2025-03-01T10:00",
        "mode": Mode.VIDEO,
        "duration_minutes": "45",
        "supporter": people.supporter.pk,
        "submission_key": str(uuid.uuid4()),
    }
    browser = signed_in(people.supporter)
    first = browser.post(f"/people/{people.client.pk}/meetings/new/", data)
    second = browser.post(f"/people/{people.client.pk}/meetings/new/", data)
    assert first["Location"] == second["Location"]
    assert Meeting.objects.count() == 1 and CheckinRequest.objects.filter(meeting__isnull=False).count() == 1


def test_a_draft_is_its_authors_alone_until_shared(people: People) -> None:
    recorded = meeting(people)
    note = actions.write_note(recorded, "Draft thoughts about the housing letter.", by=people.supporter)
    page = f"/people/{people.client.pk}/meetings/{recorded.pk}/"
    assert "housing letter" in signed_in(people.supporter).get(page).content.decode()
    assert "housing letter" not in signed_in(people.client).get(page).content.decode()
    actions.publish_note(note, by=people.supporter)
    assert "housing letter" in signed_in(people.client).get(page).content.decode()


def test_another_assigned_supporter_cannot_see_or_share_someone_elses_draft(people: People) -> None:
    from tests.factories import assign

    assign(people.client, people.unassigned_supporter)
    recorded = meeting(people)
    note = actions.write_note(recorded, "Private draft words.", by=people.supporter)
    colleague = signed_in(people.unassigned_supporter)
    assert (
        "Private draft words"
        not in colleague.get(f"/people/{people.client.pk}/meetings/{recorded.pk}/").content.decode()
    )
    assert colleague.post(f"/people/{people.client.pk}/notes/{note.pk}/share/").status_code == 404
    assert colleague.get(f"/people/{people.client.pk}/notes/{note.pk}/edit/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.publish_note(note, by=people.unassigned_supporter)
    note.refresh_from_db()
    assert not note.is_published


def test_the_client_adds_their_view_beside_a_shared_note(people: People) -> None:
    note = shared_note(people)
    response = signed_in(people.client).post(
        f"/people/{people.client.pk}/notes/{note.pk}/view/", {"body": "I felt it went well.", "submission_key": ""}
    )
    assert response.status_code == 302
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/meetings/{note.meeting_id}/").content.decode()
    assert "I felt it went well." in page
    assert AuditEntry.objects.filter(action="note.perspective.add", client=people.client).exists()


def test_the_client_cannot_comment_on_a_draft(people: People) -> None:
    note = actions.write_note(meeting(people), "Not shared yet.", by=people.supporter)
    response = signed_in(people.client).post(f"/people/{people.client.pk}/notes/{note.pk}/view/", {"body": "Hm."})
    assert response.status_code == 404
    with pytest.raises(ValidationError, match="not been shared"):
        actions.add_perspective(note, "Hm.", by=people.client)
    assert not Perspective.objects.exists()


def test_an_accepted_correction_keeps_the_earlier_text_and_the_clients_statement(people: People) -> None:
    note = shared_note(people, "Casey said they missed two appointments.")
    amendment = actions.request_correction(note, "I missed one, not two.", by=people.client)
    actions.answer_correction(
        amendment,
        accept=True,
        answer="You are right, I have corrected it.",
        corrected_body="Casey said they missed one appointment.",
        by=people.supporter,
    )
    note.refresh_from_db()
    amendment.refresh_from_db()
    assert note.body == "Casey said they missed one appointment." and note.version == 2
    revision = NoteRevision.objects.get(note=note)
    assert (revision.body, revision.version, revision.amendment) == (
        "Casey said they missed two appointments.",
        1,
        amendment,
    )
    assert amendment.status == AmendmentStatus.ACCEPTED and amendment.statement == "I missed one, not two."
    page = signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{note.meeting_id}/").content.decode()
    for text in ("missed one appointment", "missed two appointments", "I missed one, not two.", "I have corrected it"):
        assert text in page
    assert AuditEntry.objects.filter(action="note.correction.accepted").exists()


def test_a_declined_correction_keeps_the_note_and_the_statement(people: People) -> None:
    note = shared_note(people, "We agreed on weekly calls.")
    amendment = actions.request_correction(note, "We agreed on calls every two weeks.", by=people.client)
    response = signed_in(people.supporter).post(
        f"/people/{people.client.pk}/corrections/{amendment.pk}/",
        {"decision": "decline", "answer": "My notes from the day say weekly; let us talk about it."},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    amendment.refresh_from_db()
    assert note.body == "We agreed on weekly calls." and not NoteRevision.objects.exists()
    assert amendment.status == AmendmentStatus.DECLINED
    page = signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{note.meeting_id}/").content.decode()
    assert "every two weeks" in page and "let us talk about it" in page
    with pytest.raises(ValidationError, match="already been answered"):
        actions.answer_correction(amendment, accept=False, answer="Again", by=people.supporter)


def test_accepting_without_corrected_text_is_explained(people: People) -> None:
    note = shared_note(people)
    amendment = actions.request_correction(note, "That is not what I said.", by=people.client)
    response = signed_in(people.supporter).post(
        f"/people/{people.client.pk}/corrections/{amendment.pk}/",
        {"decision": "accept", "corrected_body": "  ", "answer": "Corrected."},
    )
    assert response.status_code == 400
    assert "Please write the corrected note." in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.OPEN


def test_editing_a_shared_note_keeps_the_earlier_wording_and_refuses_stale_edits(people: People) -> None:
    note = shared_note(people, "First wording.")
    browser = signed_in(people.supporter)
    url = f"/people/{people.client.pk}/notes/{note.pk}/edit/"
    assert browser.post(url, {"body": "Second wording.", "version": 1}).status_code == 302
    stale = browser.post(url, {"body": "Third wording from an old tab.", "version": 1})
    assert stale.status_code == 400
    assert "Someone changed this note while you were editing it" in stale.content.decode()
    note.refresh_from_db()
    assert note.body == "Second wording." and note.version == 2
    assert list(NoteRevision.objects.values_list("body", flat=True)) == ["First wording."]


def test_note_length_is_limited_with_a_clear_message(people: People) -> None:
    recorded = meeting(people)
    response = signed_in(people.supporter).post(
        f"/people/{people.client.pk}/meetings/{recorded.pk}/notes/", {"body": "x" * 5001}
    )
    assert response.status_code == 400
    assert "5,000 characters or fewer" in response.content.decode()
    assert not Note.objects.exists()


def test_a_double_submitted_note_view_and_correction_are_stored_once(people: People) -> None:
    note = shared_note(people)
    browser = signed_in(people.client)
    key = str(uuid.uuid4())
    for _ in range(2):
        browser.post(f"/people/{people.client.pk}/notes/{note.pk}/view/", {"body": "Mine.", "submission_key": key})
    other_key = str(uuid.uuid4())
    for _ in range(2):
        browser.post(
            f"/people/{people.client.pk}/notes/{note.pk}/correction/",
            {"statement": "Fix.", "submission_key": other_key},
        )
    assert Perspective.objects.count() == 1 and note.amendments.count() == 1


def test_only_supporters_write_notes_and_only_the_client_adds_a_view(people: People) -> None:
    recorded = meeting(people)
    with pytest.raises(PermissionDenied):
        actions.write_note(recorded, "About myself", by=people.client)
    assert (
        signed_in(people.client)
        .post(f"/people/{people.client.pk}/meetings/{recorded.pk}/notes/", {"body": "x"})
        .status_code
        == 404
    )
    note = shared_note(people)
    with pytest.raises(PermissionDenied):
        actions.add_perspective(note, "Speaking for them", by=people.supporter)
    assert (
        signed_in(people.supporter)
        .post(f"/people/{people.client.pk}/notes/{note.pk}/view/", {"body": "Speaking for them"})
        .status_code
        == 404
    )
    assert not Perspective.objects.exists()


def test_audit_entries_never_hold_note_text(people: People) -> None:
    note = shared_note(people, "A very particular sentence.")
    actions.add_perspective(note, "Another particular sentence.", by=people.client)
    for entry in AuditEntry.objects.all():
        assert "particular" not in str(entry.canonical())


def test_the_coach_reads_the_authors_draft_and_nobody_elses(people: People) -> None:
    visit = meeting(people)
    note = actions.write_note(visit, "He is non-compliant and needs to try harder.", by=people.supporter)
    url = f"/people/{people.client.pk}/meetings/{visit.pk}/"
    author_view = signed_in(people.supporter).get(url).content.decode()
    assert "Language coach on this draft" in author_view and "non-compliant" in author_view
    actions.publish_note(note, by=people.supporter)
    client_view = signed_in(people.client).get(url).content.decode()
    assert "Language coach" not in client_view and "Wording to reconsider" not in client_view


def test_the_coach_reads_all_the_authors_drafts_with_one_model_call(people: People) -> None:
    visit = meeting(people)
    actions.write_note(visit, "He is non-compliant. He should try harder.", by=people.supporter)
    actions.write_note(visit, "She is an addict.", by=people.supporter)
    actions.publish_note(
        actions.write_note(visit, "A junkie would say that.", by=people.supporter), by=people.supporter
    )
    with mock.patch("alongside.language.classifier.label", wraps=classifier.label) as model:
        page = signed_in(people.supporter).get(f"/people/{people.client.pk}/meetings/{visit.pk}/").content.decode()
    assert model.call_count == 1 and len(model.call_args.args[0]) == 3  # the drafts' three sentences
    assert page.count("Language coach on this draft") == 2
    assert "“non-compliant”" in page and "“addict”" in page and "“junkie”" not in page
