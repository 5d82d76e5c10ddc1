"""Every write about groups goes through here, with its audit entry in the same transaction.

Audit entries hold ids only, never a group note's text. Attendance is part of each attendee's record, so its
entries name the client (they see it on "Who has seen my record"); a group's own entries name nobody.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.meetings.actions import MAX_MEETING_MINUTES, THE_NOTE, clean_text
from alongside.meetings.models import NOTE_MAX_CHARS, Meeting, Mode, Note
from alongside.once import Sending
from alongside.reports import tallies

from .models import GROUP_NOTE_MAX_CHARS, Attendance, Facilitator, Group, GroupNote, MilestoneChoice, Session, Status

if TYPE_CHECKING:
    from alongside.meetings.actions import Says

STALE_EDIT = _(
    "Someone changed this group note while you were editing it. Your text is still below: "
    "read the current version, then save again."
)


def _audit(
    by: Membership,
    action: AuditAction,
    target: str,
    request: HttpRequest | None,
    client: Membership | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    record(
        organisation=by.organisation,
        actor=by.user,
        action=action,
        client=client,
        target=target,
        detail=detail,
        request=request,
    )


THE_NAME: Says = (
    _("Please write the group's name."),
    _("Please keep the group's name to %(limit)s characters or fewer (it has %(length)s)."),
)
THE_GROUP_NOTE: Says = (
    _("Please write the group note."),
    _("Please keep the group note to %(limit)s characters or fewer (it has %(length)s)."),
)


def _facilitators(organisation_id: int, facilitators: Iterable[Membership]) -> list[Membership]:
    chosen = list(dict.fromkeys(facilitators))
    if not chosen:
        raise ValidationError(gettext("Please choose at least one facilitator."))
    if not all(policy.may_be_facilitator(organisation_id, member) for member in chosen):
        raise ValidationError(gettext("Facilitators are peer supporters, supervisors or admins of this organisation."))
    return chosen


@transaction.atomic
def start_group(
    *,
    name: str,
    kind: str,
    facilitators: Iterable[Membership],
    by: Membership,
    usual_time: str = "",
    usual_place: str = "",
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Group:
    """A new group of ``by``'s organisation, with its facilitators."""
    policy.require(policy.can_start_groups(by), gettext("Only an admin of the organisation can start a group."))
    sending = Sending(
        Group,
        submission_key,
        organisation_id=by.organisation_id,
        author={"created_by": by.user},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    chosen = _facilitators(by.organisation_id, facilitators)
    group, stored = sending.store(
        name=clean_text(name, 120, THE_NAME), kind=kind, usual_time=usual_time, usual_place=usual_place
    )
    if not stored:
        return group
    Facilitator.objects.bulk_create(
        Facilitator(organisation_id=group.organisation_id, group=group, member=member) for member in chosen
    )
    _audit(by, AuditAction.GROUP_CREATE, f"group:{group.pk}", request, detail={"facilitators": [m.pk for m in chosen]})
    return group


@transaction.atomic
def edit_group(
    group: Group,
    *,
    name: str,
    kind: str,
    usual_time: str,
    usual_place: str,
    by: Membership,
    facilitators: Iterable[Membership] | None = None,
    request: HttpRequest | None = None,
) -> Group:
    """Change a group's details; only an admin changes who facilitates it."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    policy.require(policy.may_run_group(by, group), gettext("Only the group's facilitators or an admin can change it."))
    group.name, group.kind = clean_text(name, 120, THE_NAME), kind
    group.usual_time, group.usual_place = usual_time, usual_place
    group.save(update_fields=["name", "kind", "usual_time", "usual_place"])
    detail: dict[str, object] = {}
    if facilitators is not None:
        policy.require(policy.can_start_groups(by), gettext("Only an admin changes who facilitates a group."))
        chosen = _facilitators(group.organisation_id, facilitators)
        Facilitator.objects.filter(group=group).exclude(member__in=chosen).delete()
        Facilitator.objects.bulk_create(
            [Facilitator(organisation_id=group.organisation_id, group=group, member=member) for member in chosen],
            ignore_conflicts=True,
        )
        detail["facilitators"] = [member.pk for member in chosen]
    _audit(by, AuditAction.GROUP_EDIT, f"group:{group.pk}", request, detail=detail)
    return group


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(gettext("The session must end after it starts."))
    if (ends_at - starts_at).total_seconds() > MAX_MEETING_MINUTES * 60:
        hours = MAX_MEETING_MINUTES // 60
        raise ValidationError(
            ngettext("A session can last at most %(hours)s hour.", "A session can last at most %(hours)s hours.", hours)
            % {"hours": hours}
        )


@transaction.atomic
def add_session(
    group: Group,
    *,
    starts_at: datetime,
    ends_at: datetime,
    by: Membership,
    place: str = "",
    topic: str = "",
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Session:
    policy.require(
        policy.may_run_group(by, group), gettext("Only the group's facilitators or an admin can add a session.")
    )
    sending = Sending(
        Session,
        submission_key,
        organisation_id=group.organisation_id,
        author={"created_by": by.user},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    _check_times(starts_at, ends_at)
    session, stored = sending.store(
        group=group, starts_at=starts_at, ends_at=ends_at, place=place or group.usual_place, topic=topic
    )
    if stored:
        _audit(by, AuditAction.GROUP_SESSION_ADD, f"session:{session.pk}", request)
    return session


@transaction.atomic
def edit_session(
    session: Session,
    *,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    topic: str,
    by: Membership,
    request: HttpRequest | None = None,
) -> Session:
    """Change a session; moving it moves its attendance on the dashboard, so each attendee's tallies are kept."""
    session = Session.objects.select_for_update().select_related("group").get(pk=session.pk)
    policy.require(
        policy.may_run_group(by, session.group),
        gettext("Only the group's facilitators or an admin can change it."),
    )
    _check_times(starts_at, ends_at)
    attendees = sorted(set(Attendance.objects.filter(session=session).values_list("client_id", flat=True)))
    with ExitStack() as stack:
        for client_id in attendees:  # in id order, so two writers lock alike
            stack.enter_context(tallies.kept(client_id))
        session.starts_at, session.ends_at, session.place, session.topic = starts_at, ends_at, place, topic
        session.save(update_fields=["starts_at", "ends_at", "place", "topic"])
        Meeting.objects.filter(group_attendance__session=session).update(
            held_at=starts_at, duration_minutes=session.minutes
        )
    _audit(by, AuditAction.GROUP_SESSION_EDIT, f"session:{session.pk}", request)
    return session


@transaction.atomic
def mark_attendance(
    session: Session, client: Membership, status: str, *, by: Membership, request: HttpRequest | None = None
) -> Attendance:
    """Present, left early or absent: one row per session and client, whatever the number of taps.

    Tapping the same choice again changes nothing and writes no audit entry. Two taps at once: the database's
    unique (session, client) lets one insert, and the other, refused, updates that row instead.
    """
    policy.require(
        policy.may_mark_attendance(by, session, client), gettext("Only whoever runs the group takes attendance.")
    )
    if status not in Status.values:
        raise ValidationError(gettext("Please choose present, left early or absent."))
    with tallies.kept(client.pk):
        attendance = Attendance.objects.select_for_update().filter(session=session, client=client).first()
        if attendance is None:
            try:
                with transaction.atomic():
                    attendance = Attendance.objects.create(
                        organisation_id=session.organisation_id,
                        session=session,
                        client=client,
                        status=status,
                        marked_by=by.user,
                    )
            except IntegrityError:  # a simultaneous tap stored the row first
                attendance = Attendance.objects.select_for_update().get(session=session, client=client)
            else:
                _audit(
                    by,
                    AuditAction.GROUP_ATTENDANCE_MARK,
                    f"attendance:{attendance.pk}",
                    request,
                    client,
                    {"status": status},
                )
                return attendance
        if attendance.status != status:
            attendance.status, attendance.marked_by, attendance.marked_at = status, by.user, timezone.now()
            attendance.save(update_fields=["status", "marked_by", "marked_at"])
            _audit(
                by,
                AuditAction.GROUP_ATTENDANCE_MARK,
                f"attendance:{attendance.pk}",
                request,
                client,
                {"status": status},
            )
    return attendance


def _names_in(body: str, people: Iterable[Membership]) -> list[str]:
    """The attendees' names (whole, or the first name as a capitalised word) that appear in ``body``."""
    found: list[str] = []
    for person in people:
        name = person.user.display_name.strip()
        first = name.split()[0] if name else ""
        for candidate in dict.fromkeys([name, first]):
            if len(candidate) >= 2 and re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", body):
                found.append(candidate)
                break
    return found


@transaction.atomic
def write_group_note(
    session: Session, body: str, *, expected_version: int | None, by: Membership, request: HttpRequest | None = None
) -> GroupNote:
    """The note about the session as a whole (topic, what was offered). It names nobody who came: a name of an
    attendee is refused with the words to take out, and the text is kept for the writer to change."""
    session = Session.objects.select_related("group").get(pk=session.pk)
    policy.require(policy.may_run_group(by, session.group), gettext("Only whoever runs the group writes its note."))
    body = clean_text(body, GROUP_NOTE_MAX_CHARS, THE_GROUP_NOTE)
    attendees = Membership.objects.filter(group_attendance__session=session).select_related("user")
    if names := _names_in(body, attendees):
        listed = ", ".join(f"“{name}”" for name in names)
        raise ValidationError(
            gettext(
                "A group note names nobody who came. Please take out %(names)s; "
                "write about one person in their own note instead."
            )
            % {"names": listed}
        )
    note = GroupNote.objects.select_for_update().filter(session=session).first()
    if note is None:
        note = GroupNote.objects.create(
            organisation_id=session.organisation_id, session=session, body=body, written_by=by.user
        )
    else:
        if expected_version is not None and note.version != expected_version:
            raise ValidationError(STALE_EDIT)
        if note.body == body:
            return note
        note.body, note.version, note.written_by, note.changed_at = body, note.version + 1, by.user, timezone.now()
        note.save(update_fields=["body", "version", "written_by", "changed_at"])
    _audit(by, AuditAction.GROUP_NOTE_WRITE, f"group_note:{note.pk}", request)
    return note


@transaction.atomic
def write_individual_note(
    attendance: Attendance,
    body: str,
    *,
    by: Membership,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> Note:
    """A facilitator's note about one attendee, in that person's record: a draft on a meeting of mode "group"
    (made the first time), shared with them as any meeting note is (``meetings.actions.publish_note``)."""
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("session__group", "client__organisation")
        .get(pk=attendance.pk)
    )
    policy.require(
        policy.may_write_individual_note(by, attendance), gettext("Only a facilitator writes about someone who came.")
    )
    sending = Sending(
        Note,
        submission_key,
        organisation_id=attendance.organisation_id,
        author={"author": by},
        key_field="submission_key",
    )
    if existing := sending.stored_before():
        return existing
    body = clean_text(body, NOTE_MAX_CHARS, THE_NOTE)
    session = attendance.session
    if attendance.meeting_id is None:
        meeting = Meeting.objects.create(
            organisation_id=attendance.organisation_id,
            client=attendance.client,
            supporter=by,
            held_at=session.starts_at,
            mode=Mode.GROUP,
            duration_minutes=min(session.minutes, MAX_MEETING_MINUTES),
            recorded_by=by.user,
        )
        attendance.meeting = meeting
        attendance.save(update_fields=["meeting"])
        _audit(by, AuditAction.MEETING_RECORD, f"meeting:{meeting.pk}", request, attendance.client)
    note, stored = sending.store(client=attendance.client, meeting_id=attendance.meeting_id, body=body)
    if stored:
        _audit(
            by,
            AuditAction.GROUP_INDIVIDUAL_NOTE_WRITE,
            f"note:{note.pk}",
            request,
            attendance.client,
            {"attendance": attendance.pk},
        )
    return note


@transaction.atomic
def choose_attendance_milestones(
    client: Membership, counts_sessions: bool, *, by: Membership, request: HttpRequest | None = None
) -> MilestoneChoice:
    """The client's own choice to count the group sessions they go to as milestones, or to stop. It changes
    only this choice: the milestones are worked out from attendance when shown, so they appear or go at once,
    and no attendance is touched. Choosing what is already chosen writes nothing."""
    policy.require(
        policy.may_choose_attendance_milestones(by, client),
        gettext("Only you choose whether your group sessions count as milestones."),
    )
    choice, _created = MilestoneChoice.objects.select_for_update().get_or_create(
        client=client, defaults={"organisation_id": client.organisation_id}
    )
    if choice.counts_sessions != counts_sessions:
        choice.counts_sessions, choice.changed_at = counts_sessions, timezone.now()
        choice.save(update_fields=["counts_sessions", "changed_at"])
        _audit(
            by,
            AuditAction.GROUP_MILESTONES_CHOOSE,
            f"milestone_choice:{choice.pk}",
            request,
            client,
            {"counts_sessions": counts_sessions},
        )
    return choice
