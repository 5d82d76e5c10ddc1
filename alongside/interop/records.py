"""Everything one client's FHIR export needs, loaded in a fixed number of queries whatever its size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from alongside.accounts.models import Membership, User
from alongside.audit.models import AuditEntry
from alongside.billing.models import LOCKED, SessionGoal, SessionRecord
from alongside.consent.models import Consent
from alongside.conversations.models import Message
from alongside.crisis.models import CrisisPlan
from alongside.feedback.models import Response
from alongside.groups.models import ATTENDED, Attendance
from alongside.meetings.models import Meeting, MeetingGoal, Note, NoteStatus, Perspective
from alongside.plans.models import Decision, Goal, JournalEntry, Revision, Step, Suggestion, SuggestionKind


@dataclass
class Record:
    client: Membership
    goals: list[Goal]
    steps: list[Step]
    revisions: list[Revision]
    goal_suggestions: list[Suggestion]  # suggested goals the client has not taken into the plan (yet)
    meetings: list[Meeting]
    meeting_goals: list[MeetingGoal]
    session_records: dict[int, SessionRecord]  # signed session records, by meeting id
    group_attendance: list[Attendance]  # sessions attended that have no meeting (no note about the person) of their own
    group_records: dict[int, SessionRecord]  # signed records of those, by attendance id
    session_goals: list[SessionGoal]
    notes: list[Note]
    perspectives: list[Perspective]
    journal: list[JournalEntry]
    responses: list[Response]
    audit: list[AuditEntry]
    consents: list[Consent]  # every consent the client signed, in force or not
    crisis_plan: CrisisPlan | None
    messages: list[Message]
    staff: dict[int, User]  # every other person the record names, by user id


def _staff_ids(record: Record) -> set[int]:
    ids = {goal.suggested_by_id for goal in record.goals}
    ids |= {step.suggested_by_id for step in record.steps}
    ids |= {revision.changed_by_id for revision in record.revisions}
    ids |= {revision.suggested_by_id for revision in record.revisions}
    ids |= {suggestion.suggested_by.user_id for suggestion in record.goal_suggestions}
    ids |= {meeting.supporter.user_id for meeting in record.meetings}
    ids |= {note.author.user_id for note in record.notes}
    ids |= {session.author.user_id for session in record.session_records.values()}
    ids |= {session.author.user_id for session in record.group_records.values()}
    ids |= {message.author.user_id for message in record.messages}
    ids |= {entry.actor_id for entry in record.audit}
    ids |= {consent.recipient_member.user_id for consent in record.consents if consent.recipient_member}
    ids |= {consent.revoked_by_id for consent in record.consents}
    return {pk for pk in ids if pk is not None and pk != record.client.user_id}


def load(client: Membership, *, include_private: bool) -> Record:
    """The client's record as the export shows it; ``include_private`` only when the client is the reader."""
    shown = Q() if include_private else Q(goal__is_private=False)
    goals = Goal.objects.filter(client=client).order_by("created_at", "pk")
    journal = JournalEntry.objects.filter(client=client).order_by("created_at", "pk")
    if not include_private:
        goals, journal = goals.filter(is_private=False), journal.filter(is_private=False)
    record = Record(
        client=client,
        goals=list(goals),
        steps=list(Step.objects.filter(shown, goal__client=client).order_by("goal__created_at", "goal_id", "position")),
        revisions=list(Revision.objects.filter(shown, goal__client=client).order_by("created_at", "pk")),
        goal_suggestions=list(
            Suggestion.objects.filter(client=client, kind=SuggestionKind.GOAL)
            .exclude(decision__in=(Decision.ACCEPTED, Decision.REWORDED))
            .select_related("suggested_by")
            .order_by("created_at", "pk")
        ),
        meetings=list(Meeting.objects.filter(client=client).select_related("supporter").order_by("held_at", "pk")),
        meeting_goals=list(MeetingGoal.objects.filter(shown, meeting__client=client).order_by("pk")),
        session_records={},
        group_attendance=list(
            Attendance.objects.filter(client=client, status__in=ATTENDED, meeting__isnull=True)
            .select_related("session")
            .order_by("session__starts_at", "pk")
        ),
        group_records={},
        session_goals=list(SessionGoal.objects.filter(shown, record__client=client).order_by("pk")),
        notes=list(
            Note.objects.filter(client=client, status=NoteStatus.PUBLISHED)
            .select_related("author")
            .order_by("published_at", "pk")
        ),
        perspectives=list(
            Perspective.objects.filter(note__client=client, note__status=NoteStatus.PUBLISHED).order_by(
                "created_at", "pk"
            )
        ),
        journal=list(journal),
        responses=list(
            Response.objects.filter(client=client)
            .select_related("questionnaire", "request")
            .order_by("submitted_at", "pk")
        ),
        audit=list(AuditEntry.objects.filter(organisation_id=client.organisation_id, client=client).order_by("seq")),
        consents=list(
            Consent.objects.filter(client=client).select_related("recipient_member").order_by("signed_at", "pk")
        ),
        crisis_plan=CrisisPlan.objects.filter(client=client).first(),
        messages=list(Message.objects.filter(client=client).select_related("author")),
        staff={},
    )
    # Signed records, individual and group (one query): a group attendee with a note about them has a meeting of
    # mode "group", whose Encounter carries the record; the others get an Encounter of their attendance.
    for documented in (
        SessionRecord.objects.filter(client=client, status__in=LOCKED)
        .select_related("service_code", "author", "attendance")
        .order_by("pk")
    ):
        meeting_id = documented.meeting_id or (documented.attendance.meeting_id if documented.attendance else None)
        if meeting_id is not None:
            record.session_records[meeting_id] = documented
        elif documented.attendance_id is not None:
            record.group_records[documented.attendance_id] = documented
    record.staff = {user.pk: user for user in User.objects.filter(pk__in=_staff_ids(record))}
    return record
