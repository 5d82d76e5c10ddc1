"""Every form a supporter writes to or about a client is coached, and what reaches the client is looked at
once more: "Before you share" shows what is left, and "Share anyway" shares exactly the words written."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.models import Q

from alongside.audit.models import AuditEntry
from alongside.feedback import actions as feedback_actions
from alongside.feedback.models import CheckinRequest, Prompt
from alongside.language.sharing import CONFIRMED, EDIT
from alongside.meetings import actions as meeting_actions
from alongside.meetings.models import AmendmentRequest, AmendmentStatus, Note
from alongside.plans import actions as plan_actions
from alongside.plans.models import Encouragement, Suggestion
from tests.conftest import People, signed_in
from tests.meetings.factories import meeting, shared_note
from tests.plans.factories import make_goal, make_step

pytestmark = pytest.mark.django_db

HURTFUL = "Jordan is non-compliant and a junkie."
KIND = "It sounds like this week took a lot. What would help next time?"
LOW_SESSION = {"heard": "7", "goals": "8", "approach": "8", "overall": "8", "better": "More time for the job forms."}


def fingerprint_on(page: str) -> str:
    found = re.search(f'name="{CONFIRMED}" value="([0-9a-f]+)"', page)
    assert found, "no Share anyway on the page"
    return found.group(1)


def assert_before_you_share(page: str, *words: str) -> None:
    assert "Before you share" in page and ">Share anyway</button>" in page
    for word in words:
        assert f"“{word}”" in page


def written_entries() -> list[str]:
    """Audit actions other than reading: what the pages changed."""
    return list(AuditEntry.objects.exclude(action__startswith="read.").values_list("action", flat=True))


def nothing_about_the_findings_is_recorded() -> None:
    mentions = Q(reason__icontains="junkie") | Q(target__icontains="junkie") | Q(detail__icontains="junkie")
    assert not AuditEntry.objects.filter(mentions).exists()
    assert not AuditEntry.objects.filter(Q(action__icontains="coach") | Q(action__icontains="language")).exists()


@dataclass(frozen=True)
class SharingForm:
    """One form that shares a supporter's words with the client: where it posts, and what it stored."""

    url: Callable[[People], str]
    data: Callable[[str], dict[str, str]]
    stored: Callable[[], list[str]]


def _milestone_url(people: People) -> str:
    milestone = plan_actions.set_status(make_step(make_goal(people.client)), "completed", by=people.client)
    assert milestone is not None
    return f"/people/{people.client.pk}/plan/milestones/{milestone.pk}/encourage/"


def _prompt_url(people: People) -> str:
    checkin = CheckinRequest.objects.get(meeting=meeting(people))
    feedback_actions.submit_response(checkin, LOW_SESSION, by=people.client)
    return f"/people/{people.client.pk}/prompts/{Prompt.objects.get().pk}/"


def _correction_url(people: People) -> str:
    note = shared_note(people)
    amendment = meeting_actions.request_correction(note, "I did not say that.", by=people.client)
    return f"/people/{people.client.pk}/corrections/{amendment.pk}/"


def _shared_note_edit_url(people: People) -> str:
    return f"/people/{people.client.pk}/notes/{shared_note(people).pk}/edit/"


FORMS = {
    "suggestion": SharingForm(
        lambda people: f"/people/{people.client.pk}/plan/suggest/",
        lambda text: {"kind": "goal", "text": text, "reason": "", "key": str(uuid.uuid4())},
        lambda: [s.text for s in Suggestion.objects.all()],
    ),
    "suggestion reason": SharingForm(
        lambda people: f"/people/{people.client.pk}/plan/suggest/",
        lambda text: {"kind": "goal", "text": "Walk on Sundays", "reason": text, "key": str(uuid.uuid4())},
        lambda: [s.reason for s in Suggestion.objects.all()],
    ),
    "encouragement": SharingForm(
        _milestone_url, lambda text: {"text": text}, lambda: [e.text for e in Encouragement.objects.all()]
    ),
    "you said": SharingForm(
        _prompt_url,
        lambda text: {"you_said": text, "next_time": "keep time for the forms"},
        lambda: [p.you_said for p in Prompt.objects.all() if p.you_said],
    ),
    "so next time": SharingForm(
        _prompt_url,
        lambda text: {"you_said": "the forms took our time", "next_time": text},
        lambda: [p.next_time for p in Prompt.objects.all() if p.next_time],
    ),
    "correction answer": SharingForm(
        _correction_url,
        lambda text: {"decision": "decline", "corrected_body": "", "answer": text},
        lambda: [a.answer for a in AmendmentRequest.objects.all() if a.answer],
    ),
    "corrected note": SharingForm(
        _correction_url,
        lambda text: {"decision": "accept", "corrected_body": text, "answer": "Corrected, thank you."},
        lambda: [a.note.body for a in AmendmentRequest.objects.filter(status=AmendmentStatus.ACCEPTED)],
    ),
    "shared note, changed": SharingForm(
        _shared_note_edit_url,
        lambda text: {"body": text, "version": "1"},
        lambda: [n.body for n in Note.objects.filter(version=2)],
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_findings_appear_once_and_share_anyway_shares_exactly_the_words(people: People, name: str) -> None:
    form = FORMS[name]
    url, supporter = form.url(people), signed_in(people.supporter)
    assert 'class="hints-slot"' in supporter.get(url).content.decode()  # hints while writing
    before = written_entries()

    held = supporter.post(url, data := form.data(HURTFUL))
    page = held.content.decode()
    assert held.status_code == 200
    assert_before_you_share(page, "non-compliant", "junkie")
    assert HURTFUL in page and form.stored() == [] and written_entries() == before  # nothing shared, nothing logged

    shared = supporter.post(url, data | {CONFIRMED: fingerprint_on(page)})
    assert shared.status_code == 302, shared.content.decode()
    assert form.stored() == [HURTFUL]
    nothing_about_the_findings_is_recorded()


@pytest.mark.parametrize("name", FORMS)
def test_kind_words_are_shared_at_once(people: People, name: str) -> None:
    form = FORMS[name]
    response = signed_in(people.supporter).post(form.url(people), form.data(KIND))
    assert response.status_code == 302, response.content.decode()
    assert form.stored() == [KIND]


@pytest.mark.parametrize("name", ["suggestion", "encouragement", "you said", "correction answer"])
def test_edit_brings_the_words_back_with_hints_and_changed_words_are_read_again(people: People, name: str) -> None:
    form = FORMS[name]
    url, supporter = form.url(people), signed_in(people.supporter)
    first = supporter.post(url, data := form.data(HURTFUL)).content.decode()
    seen = fingerprint_on(first)

    edit = supporter.post(url, data | {CONFIRMED: seen, EDIT: "1"}).content.decode()
    assert HURTFUL in edit and "Before you share" not in edit and "Wording to reconsider" in edit
    assert re.search(r"<textarea[^>]*autofocus", edit)  # back in the words, ready to change them
    assert fingerprint_on(edit) == seen  # carried: the findings for these words were shown once
    assert form.stored() == []

    changed = HURTFUL.replace("junkie", "addict")
    again = supporter.post(url, form.data(changed) | {CONFIRMED: seen}).content.decode()  # for other words
    assert_before_you_share(again, "addict")
    assert form.stored() == []
    assert supporter.post(url, data | {CONFIRMED: seen}).status_code == 302  # the words shown, sent after Edit
    assert form.stored() == [HURTFUL]


def test_declining_a_correction_does_not_look_at_the_note_it_keeps(people: People) -> None:
    url = _correction_url(people)
    data = {"decision": "decline", "corrected_body": HURTFUL, "answer": "I wrote what we agreed."}
    assert signed_in(people.supporter).post(url, data).status_code == 302


def test_a_draft_note_is_coached_but_saved_at_once(people: People) -> None:
    recorded = meeting(people)
    supporter = signed_in(people.supporter)
    detail = f"/people/{people.client.pk}/meetings/{recorded.pk}/"
    assert 'class="hints-slot"' in supporter.get(detail).content.decode()
    assert supporter.post(f"{detail}notes/", {"body": HURTFUL}).status_code == 302
    note = Note.objects.get()
    assert not note.is_published
    assert "“junkie”" in supporter.get(detail).content.decode()  # the draft's hints, on the meeting page
    edit = f"/people/{people.client.pk}/notes/{note.pk}/edit/"
    assert supporter.post(edit, {"body": HURTFUL + " Again.", "version": "1"}).status_code == 302  # still a draft


def test_sharing_a_draft_note_looks_again_first(people: People) -> None:
    note = meeting_actions.write_note(meeting(people), HURTFUL, by=people.supporter)
    supporter = signed_in(people.supporter)
    share = f"/people/{people.client.pk}/notes/{note.pk}/share/"
    before = written_entries()

    held = supporter.post(share)
    page = held.content.decode()
    assert held.status_code == 200
    assert_before_you_share(page, "non-compliant", "junkie")
    assert f'href="/people/{people.client.pk}/notes/{note.pk}/edit/">Edit</a>' in page and HURTFUL in page
    note.refresh_from_db()
    assert not note.is_published and written_entries() == before

    assert supporter.post(share, {CONFIRMED: "stale"}).status_code == 200
    assert supporter.post(share, {CONFIRMED: fingerprint_on(page)}).status_code == 302
    note.refresh_from_db()
    assert note.is_published and note.body == HURTFUL
    assert (
        HURTFUL
        in signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{note.meeting_id}/").content.decode()
    )
    nothing_about_the_findings_is_recorded()


def test_a_kind_draft_is_shared_in_one_step(people: People) -> None:
    note = meeting_actions.write_note(meeting(people), KIND, by=people.supporter)
    assert signed_in(people.supporter).post(f"/people/{people.client.pk}/notes/{note.pk}/share/").status_code == 302
    note.refresh_from_db()
    assert note.is_published


def test_the_milestone_box_on_the_plan_has_hints_too(people: People) -> None:
    _milestone_url(people)
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    milestone_box = re.search(r'<textarea id="(encourage-\d+)" name="text"', page)
    assert milestone_box
    box = milestone_box.group(1)
    assert f'id="hints-{box}"' in page and f"from:#{box}" in page and '"field": "text"' in page


def test_the_hints_endpoint_reads_the_milestone_box(people: People) -> None:
    response = signed_in(people.supporter).post("/language/hints/", {"field": "text", "text": HURTFUL})
    assert "“junkie”" in response.content.decode()


def test_the_client_never_meets_the_coach(people: People) -> None:
    note = shared_note(people, HURTFUL)
    page = signed_in(people.client).get(f"/people/{people.client.pk}/meetings/{note.meeting_id}/").content.decode()
    assert HURTFUL in page and "hints-slot" not in page and "Before you share" not in page
