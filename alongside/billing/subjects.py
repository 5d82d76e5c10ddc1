"""What a session record documents: a meeting with one client, or one client's attendance at a group session.

Both are saved, checked, signed, amended and co-signed the same way (``actions``, ``views``). What differs is
here, behind one small interface: who may write the record, which service codes fit, what a new record starts
from, how the row is locked so two first saves make one record, and which pages show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.groups.models import Attendance
from alongside.meetings.models import Meeting, Mode

from . import queries
from .models import ServiceCode, SessionRecord


class Subject(Protocol):
    @property
    def client(self) -> Membership: ...

    @property
    def refusal(self) -> Promise: ...  # why someone who may not write the record is refused

    @property
    def template(self) -> str: ...  # the page with the form

    @property
    def key(self) -> dict[str, Meeting | Attendance]: ...  # the record's field naming this subject

    def may_document(self, by: Membership) -> bool: ...

    def locked(self) -> Subject: ...  # the same subject, its row locked until the transaction ends

    def codes(self) -> QuerySet[ServiceCode]: ...

    def initial_values(self) -> dict[str, Any]: ...

    def page(self) -> str: ...  # where the record is written and read

    def amend_page(self, record: SessionRecord) -> str: ...

    def context(self) -> dict[str, Any]: ...  # what the templates name it by


def _minute(moment: datetime) -> time:
    return timezone.localtime(moment).time().replace(second=0, microsecond=0)


@dataclass(frozen=True)
class MeetingSubject:
    meeting: Meeting
    refusal = _("Only the person's peer supporter can document a session.")
    template = "billing/document.html"

    @property
    def client(self) -> Membership:
        return self.meeting.client

    @property
    def key(self) -> dict[str, Meeting | Attendance]:
        return {"meeting": self.meeting}

    def may_document(self, by: Membership) -> bool:
        return policy.may_document_session(by, self.client)

    def locked(self) -> MeetingSubject:
        Meeting.objects.select_for_update(of=("self",)).filter(pk=self.meeting.pk).first()
        return self

    def codes(self) -> QuerySet[ServiceCode]:
        return queries.individual_codes(self.client.organisation_id)

    def initial_values(self) -> dict[str, Any]:
        """From what the meeting already says: its day, times, how, and the goals it worked on."""
        held = self.meeting.held_at
        return {
            "service_date": timezone.localtime(held).date(),
            "start_time": _minute(held),
            "end_time": _minute(held + timedelta(minutes=self.meeting.duration_minutes)),
            "contact_type": self.meeting.mode,
            "goals": list(self.meeting.goals.filter(is_private=False)),
        }

    def page(self) -> str:
        return reverse("billing:document", args=[self.meeting.client_id, self.meeting.pk])

    def amend_page(self, record: SessionRecord) -> str:
        return reverse("billing:amend", args=[self.meeting.client_id, record.pk])

    def context(self) -> dict[str, Any]:
        return {"meeting": self.meeting}


@dataclass(frozen=True)
class AttendanceSubject:
    attendance: Attendance
    refusal = _("Only a facilitator of the group can document the session of someone who came.")
    template = "billing/group_document.html"

    @property
    def client(self) -> Membership:
        return self.attendance.client

    @property
    def key(self) -> dict[str, Meeting | Attendance]:
        return {"attendance": self.attendance}

    def may_document(self, by: Membership) -> bool:
        return policy.may_document_group_attendance(by, self.attendance)

    def locked(self) -> AttendanceSubject:
        """The row as it is now (a facilitator may just have marked the person absent), locked."""
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .select_related("session__group", "client__organisation")
            .get(pk=self.attendance.pk)
        )
        return AttendanceSubject(attendance)

    def codes(self) -> QuerySet[ServiceCode]:
        return queries.group_codes(self.client.organisation_id)

    def initial_values(self) -> dict[str, Any]:
        """From the session: its day and times, in person. Goals are the attendee's to link, one by one."""
        session = self.attendance.session
        return {
            "service_date": timezone.localtime(session.starts_at).date(),
            "start_time": _minute(session.starts_at),
            "end_time": _minute(session.ends_at),
            "contact_type": Mode.IN_PERSON,
            "goals": [],
        }

    def page(self) -> str:
        return reverse("billing:group_document", args=[self.attendance.pk])

    def amend_page(self, record: SessionRecord) -> str:
        return reverse("billing:group_amend", args=[self.attendance.pk])

    def context(self) -> dict[str, Any]:
        return {"attendance": self.attendance, "session": self.attendance.session}


def subject_of(documented: Meeting | Attendance) -> Subject:
    if isinstance(documented, Meeting):
        return MeetingSubject(documented)
    return AttendanceSubject(documented)


def of_record(record: SessionRecord) -> Subject:
    """The subject a record documents (its check constraint says exactly one of the two is set)."""
    if record.attendance is not None:
        return AttendanceSubject(record.attendance)
    if record.meeting is None:  # the database's check constraint rules this out
        raise ValueError(f"Session record {record.pk} documents neither a meeting nor an attendance.")
    return MeetingSubject(record.meeting)
