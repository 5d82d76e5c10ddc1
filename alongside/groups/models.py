"""Groups, their sessions, who attended, and a note about each session that names nobody.

Attendance is the core record (docs/service-delivery.md, "Group sessions"): one row per session and client,
kept in the client's record. What is said about one attendee is not a group's: it is a ``meetings.Note`` on a
``meetings.Meeting`` of mode "group" that the attendance row points to, so the client reads it, adds their
view and asks for corrections exactly as with any other note. Billing (later) attaches to ``Attendance``.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import ClientRecord, Membership, Organisation, User
from alongside.core.crypto import EncryptedTextField
from alongside.meetings.models import Meeting
from alongside.once import key_constraint

NAME_MAX_CHARS = 120
PLACE_MAX_CHARS = 200
GROUP_NOTE_MAX_CHARS = 5000


class Kind(models.TextChoices):
    ALL_RECOVERY = "all_recovery", _("All-recovery meeting")
    SKILLS = "skills", _("Skills group")
    SOCIAL = "social", _("Social activity")
    OTHER = "other", _("Another kind of group")


class Group(models.Model):
    """A group an organisation runs: its name, kind, usual time and place, and who facilitates it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=NAME_MAX_CHARS)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    usual_time = models.CharField(max_length=NAME_MAX_CHARS, blank=True)  # "Tuesdays, 6 to 7.30 pm"
    usual_place = models.CharField(max_length=PLACE_MAX_CHARS, blank=True)
    facilitators: models.ManyToManyField[Membership, Facilitator] = models.ManyToManyField(
        Membership, through="Facilitator", related_name="facilitated_groups"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [key_constraint("created_by", "submission_key", name="group_stored_once")]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return f"Group {self.pk} ({self.kind})"


class Facilitator(models.Model):
    """Who runs a group: a peer supporter, supervisor or admin of its organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="one_facilitator_row_per_member")]

    def __str__(self) -> str:
        return f"Member {self.member_id} facilitates group {self.group_id}"


class Session(models.Model):
    """One time a group met."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=PLACE_MAX_CHARS, blank=True)
    topic = models.CharField(max_length=PLACE_MAX_CHARS, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            key_constraint("created_by", "submission_key", name="group_session_stored_once"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"),
        ]
        indexes = [models.Index(fields=["group", "-starts_at"]), models.Index(fields=["organisation", "starts_at"])]

    def __str__(self) -> str:
        return f"Session {self.pk} of group {self.group_id}"

    @property
    def minutes(self) -> int:
        return max(1, round((self.ends_at - self.starts_at).total_seconds() / 60))

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())


class GroupNote(models.Model):
    """What the session was about and what was offered, for the facilitators: it names no participant."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="group_note")
    body = EncryptedTextField()
    version = models.PositiveIntegerField(default=1)  # a stale edit is refused
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Group note on session {self.session_id}"


class Status(models.TextChoices):
    PRESENT = "present", _("Present")
    LEFT_EARLY = "left_early", _("Left early")
    ABSENT = "absent", _("Absent")


ATTENDED = (Status.PRESENT, Status.LEFT_EARLY)


class Attendance(ClientRecord):
    """One client at one session: the core record of a group, and where billing will attach (by this row's id).

    One row per (session, client), enforced by the database, so a second tap changes the row instead of adding one.
    ``meeting`` carries the facilitator's individual notes about this attendee, in the client's own record.
    """

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="group_attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=12, choices=Status.choices)
    marked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)
    meeting = models.OneToOneField(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="group_attendance"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "client"], name="one_attendance_per_session_client")]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"Attendance {self.pk} ({self.status})"

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED


class MilestoneChoice(ClientRecord):
    """Whether the client counts the group sessions they go to as milestones: their own choice, off until they
    make it (``groups.actions.choose_attendance_milestones``). The milestones themselves are worked out from
    attendance each time (``groups.queries.attendance_milestones``), so a corrected mark or switching this off
    shows at once and nothing about the attendance is ever deleted."""

    client = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="group_milestone_choice")
    counts_sessions = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Milestone choice of member {self.client_id} ({'on' if self.counts_sessions else 'off'})"
