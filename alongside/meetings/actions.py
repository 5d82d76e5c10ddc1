"""Every write about meetings and notes goes through here, with its audit entry in the same transaction.

Audit entries hold ids only, never note text.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.feedback.actions import checkins_link, offer_checkins
from alongside.notifications.kinds import Kind
from alongside.notifications.outbox import link_to, notify
from alongside.once import Sending
from alongside.plans.models import Goal
from alongside.policy import Area, Verb, is_assigned
from alongside.reports import tallies

from .models import (
    NOTE_MAX_CHARS,
    PERSONAL_MODES,
    STATEMENT_MAX_CHARS,
    AmendmentRequest,
    AmendmentStatus,
    Meeting,
    MeetingGoal,
    Note,
    NoteReading,
    NoteRevision,
    NoteStatus,
    Perspective,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    Says = tuple[StrOrPromise, StrOrPromise]

Statement = TypeVar("Statement", Perspective, AmendmentRequest)
MAX_MEETING_MINUTES = 600
STALE_EDIT = _(
    "Someone changed this note while you were editing it. Your text is still below: "
    "read the current version, then save again."
)
# What to say when a text is empty, or too long (with its limit and its length): one pair per kind of text.
THE_NOTE: Says = (
    _("Please write the note."),
    _("Please keep the note to %(limit)s characters or fewer (it has %(length)s)."),
)
YOUR_VIEW: Says = (
    _("Please write your view."),
    _("Please keep your view to %(limit)s characters or fewer (it has %(length)s)."),
)
WHAT_TO_CORRECT: Says = (
    _("Please write what should be corrected."),
    _("Please keep what should be corrected to %(limit)s characters or fewer (it has %(length)s)."),
)
YOUR_ANSWER: Says = (
    _("Please write your answer."),
    _("Please keep your answer to %(limit)s characters or fewer (it has %(length)s)."),
)
THE_CORRECTED_NOTE: Says = (
    _("Please write the corrected note."),
    _("Please keep the corrected note to %(limit)s characters or fewer (it has %(length)s)."),
)


def _audit(by: Membership, client: Membership, action: AuditAction, target: str, request: HttpRequest | None) -> None:
    record(
        organisation=client.organisation, actor=by.user, action=action, client=client, target=target, request=request
    )


def clean_text(text: str, limit: int, says: Says) -> str:
    """The text without spaces around it; refused, in the words of ``says``, if empty or over ``limit``."""
    text = text.strip()
    empty, too_long = says
    if not text:
        raise ValidationError(empty)
    if len(text) > limit:
        counts = {
            "limit": number_format(limit, force_grouping=True),
            "length": number_format(len(text), force_grouping=True),
        }
        raise ValidationError(str(too_long) % counts)
    return text


def _require_supporter(by: Membership, client: Membership, refusal: str) -> None:
    policy.require(policy.may_contribute_as_supporter(by, Area.MEETINGS, client), refusal)


@transaction.atomic
def record_meeting(
    client: Membership,
    *,
    supporter: Membership,
    held_at: datetime,
    mode: str,
    duration_minutes: int,
    by: Membership,
    goals: Iterable[Goal] = (),
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Meeting:
    """Record a meeting and invite the client to say how it went (and to any periodic check-in now due)."""
    policy.require(policy.can(by, Verb.CONTRIBUTE, Area.MEETINGS, client), gettext("You cannot record a meeting here."))
    sending = Sending(
        Meeting,
        submission_key,
        organisation_id=client.organisation_id,
        author={"recorded_by": by.user},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    if not is_assigned(supporter, client):
        raise ValidationError(gettext("Please choose a peer supporter who walks alongside this person now."))
    if mode not in dict(PERSONAL_MODES):  # a group session's meeting is the groups app's (groups/actions.py)
        raise ValidationError(gettext("Please choose how you met."))
    if held_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError(gettext("A meeting can only be recorded once it has happened."))
    if not 1 <= duration_minutes <= MAX_MEETING_MINUTES:
        raise ValidationError(
            gettext("The length must be between 1 and %(most)s minutes.") % {"most": MAX_MEETING_MINUTES}
        )
    goals = list(goals)
    if any(goal.client_id != client.pk or (goal.is_private and by.pk != client.pk) for goal in goals):
        raise ValidationError(gettext("A meeting can only be linked to goals in this person's plan."))
    with tallies.kept(client.pk):
        meeting, stored = sending.store(
            client=client, supporter=supporter, held_at=held_at, mode=mode, duration_minutes=duration_minutes
        )
        if not stored:
            return meeting
        MeetingGoal.objects.bulk_create(
            MeetingGoal(organisation_id=client.organisation_id, meeting=meeting, goal=goal) for goal in goals
        )
        _audit(by, client, AuditAction.MEETING_RECORD, f"meeting:{meeting.pk}", request)
        offer_checkins(client, meeting=meeting, link=checkins_link(client, request), email=by.pk != client.pk)
    return meeting


@transaction.atomic
def write_note(
    meeting: Meeting,
    body: str,
    *,
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Note:
    """A supporter's note starts as a draft that only they can see."""
    _require_supporter(by, meeting.client, gettext("Only a peer supporter can write a note about a meeting."))
    sending = Sending(
        Note, submission_key, organisation_id=meeting.organisation_id, author={"author": by}, key_field="submission_key"
    )
    if existing := sending.stored_before():
        return existing
    body = clean_text(body, NOTE_MAX_CHARS, THE_NOTE)
    note, stored = sending.store(client=meeting.client, meeting=meeting, body=body)
    if not stored:
        return note
    _audit(by, meeting.client, AuditAction.NOTE_WRITE, f"note:{note.pk}", request)
    return note


def _locked_note(note: Note, by: Membership, expected_version: int | None = None) -> Note:
    note = Note.objects.select_for_update().select_related("client__organisation").get(pk=note.pk)
    policy.require(
        policy.may_change_note(by, note.author_id), gettext("Only the person who wrote a note can change or share it.")
    )
    if expected_version is not None and note.version != expected_version:
        raise ValidationError(STALE_EDIT)
    return note


def _replace_body(note: Note, body: str, by: Membership, amendment: AmendmentRequest | None = None) -> None:
    """Change a note's text; a shared note keeps the wording it had as a revision."""
    if note.is_published:
        NoteRevision.objects.create(
            organisation_id=note.organisation_id,
            note=note,
            version=note.version,
            body=note.body,
            replaced_by=by.user,
            amendment=amendment,
        )
    note.body, note.version, note.changed_at = body, note.version + 1, timezone.now()
    note.save(update_fields=["body", "version", "changed_at"])


@transaction.atomic
def edit_note(
    note: Note, body: str, *, expected_version: int, by: Membership, request: HttpRequest | None = None
) -> Note:
    note = _locked_note(note, by, expected_version)
    body = clean_text(body, NOTE_MAX_CHARS, THE_NOTE)
    if body != note.body:
        _replace_body(note, body, by)
        _audit(by, note.client, AuditAction.NOTE_EDIT, f"note:{note.pk}", request)
    return note


@transaction.atomic
def publish_note(note: Note, *, by: Membership, request: HttpRequest | None = None) -> Note:
    """Share a draft with the client. Sharing twice changes nothing."""
    note = _locked_note(note, by)
    if not note.is_published:
        note.status, note.published_at = NoteStatus.PUBLISHED, timezone.now()
        note.save(update_fields=["status", "published_at"])
        _audit(by, note.client, AuditAction.NOTE_PUBLISH, f"note:{note.pk}", request)
        notify([note.client], Kind.SHARED_NOTE, _meeting_link(note, request), event=f"note:{note.pk}")
    return note


def _meeting_link(note: Note, request: HttpRequest | None) -> str:
    return link_to(reverse("meetings:detail", args=[note.client_id, note.meeting_id]), request)


def _shared_note_of(note: Note, by: Membership) -> Note:
    policy.require(policy.is_own(by, note.client_id), gettext("Only the person a note is about can do this."))
    if not note.is_published:
        raise ValidationError(gettext("This note has not been shared with you yet."))
    return note


def _client_statement(
    model: type[Statement], note: Note, by: Membership, key: uuid.UUID | None, request: HttpRequest | None, **text: str
) -> Statement:
    """What the client writes about a shared note: stored once per submission, audited by id."""
    _shared_note_of(note, by)
    sending = Sending(
        model, key, organisation_id=note.organisation_id, author={"client": by}, key_field="submission_key"
    )
    if existing := sending.stored_before():
        return existing
    created, stored = sending.store(note=note, **text)
    if not stored:
        return created
    action, kind = (
        (AuditAction.NOTE_PERSPECTIVE_ADD, "perspective")
        if model is Perspective
        else (AuditAction.NOTE_CORRECTION_REQUEST, "amendment")
    )
    _audit(by, by, action, f"{kind}:{created.pk}", request)
    if isinstance(created, AmendmentRequest):
        link = link_to(reverse("meetings:answer_correction", args=[by.pk, created.pk]), request)
        notify(policy.supporters_to_tell(by), Kind.CORRECTION_REQUEST, link, event=f"amendment:{created.pk}")
    return created


@transaction.atomic
def add_perspective(
    note: Note,
    body: str,
    *,
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Perspective:
    """The client's own view, shown beside the supporter's note."""
    body = clean_text(body, STATEMENT_MAX_CHARS, YOUR_VIEW)
    return _client_statement(Perspective, note, by, submission_key, request, body=body)


@transaction.atomic
def request_correction(
    note: Note,
    statement: str,
    *,
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> AmendmentRequest:
    """The client asks for a correction (HIPAA right to amend). Their statement is kept whatever happens."""
    statement = clean_text(statement, STATEMENT_MAX_CHARS, WHAT_TO_CORRECT)
    return _client_statement(AmendmentRequest, note, by, submission_key, request, statement=statement)


@transaction.atomic
def answer_correction(
    amendment: AmendmentRequest,
    *,
    accept: bool,
    answer: str,
    corrected_body: str = "",
    by: Membership,
    request: HttpRequest | None = None,
) -> AmendmentRequest:
    """A supporter corrects the note (the earlier text is kept) or explains why not; either way the client sees it."""
    amendment = (
        AmendmentRequest.objects.select_for_update().select_related("note", "client__organisation").get(pk=amendment.pk)
    )
    _require_supporter(by, amendment.client, gettext("Only a peer supporter can answer a request for a correction."))
    if amendment.status != AmendmentStatus.OPEN:
        raise ValidationError(gettext("This request has already been answered."))
    answer = clean_text(answer, STATEMENT_MAX_CHARS, YOUR_ANSWER)
    if accept:
        note = Note.objects.select_for_update().get(pk=amendment.note_id)
        _replace_body(note, clean_text(corrected_body, NOTE_MAX_CHARS, THE_CORRECTED_NOTE), by, amendment)
    amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.DECLINED
    amendment.answer, amendment.answered_by, amendment.answered_at = answer, by.user, timezone.now()
    amendment.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    _audit(
        by,
        amendment.client,
        AuditAction.NOTE_CORRECTION_ACCEPTED if accept else AuditAction.NOTE_CORRECTION_DECLINED,
        f"amendment:{amendment.pk}",
        request,
    )
    link = _meeting_link(amendment.note, request)
    notify([amendment.client], Kind.REPLY, link, event=f"amendment.answer:{amendment.pk}")
    return amendment


def _shared_notes_of(notes: Iterable[Note], by: Membership) -> list[Note]:
    return [_shared_note_of(note, by) for note in notes]


@transaction.atomic
def mark_read(notes: Iterable[Note], *, by: Membership, request: HttpRequest | None = None) -> list[Note]:
    """The client opened these shared notes: none is "new" or "changed" to them any more. Returns those that were.

    A fixed number of queries however many notes. New readings are inserted with ON CONFLICT DO NOTHING on the
    unique (client, note), so two openings at once store one row; a later version moves a reading on, never back.
    """
    notes = _shared_notes_of(notes, by)
    read = dict(NoteReading.objects.filter(client=by, note__in=notes).values_list("note_id", "version"))
    news = [note for note in notes if read.get(note.pk, 0) < note.version]
    now = timezone.now()
    NoteReading.objects.bulk_create(
        [
            NoteReading(organisation_id=note.organisation_id, client=by, note=note, version=note.version, read_at=now)
            for note in news
            if note.pk not in read
        ],
        ignore_conflicts=True,
    )
    if changed := [note for note in news if note.pk in read]:
        version = Case(*(When(note_id=note.pk, then=Value(note.version)) for note in changed))
        NoteReading.objects.filter(client=by, note__in=changed).update(
            version=Greatest(F("version"), version), read_at=now
        )
    for note in news:
        _audit(by, by, AuditAction.NOTE_READ, f"note:{note.pk}", request)
    return news
