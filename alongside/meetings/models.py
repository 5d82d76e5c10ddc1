"""Meetings and the notes written about them.

Nothing about me without me: a published note is visible to the client, who can add their own view beside
it and ask for a correction. A published note never loses text: each change keeps the earlier wording as a
``NoteRevision``, and the client's request stays with the note whatever the answer (HIPAA §164.526).
Drafts are their author's alone until published.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from alongside.plans.models import Goal

from alongside.accounts.models import ClientRecord, Membership, Organisation, User
from alongside.core.crypto import EncryptedTextField
from alongside.once import key_constraint

NOTE_MAX_CHARS = 5000
STATEMENT_MAX_CHARS = 2000


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    TEXT = "text", _("Text messages")
    GROUP = "group", _("Group session")  # made by the groups app, to carry notes about one attendee


PERSONAL_MODES = [(value, label) for value, label in Mode.choices if value != Mode.GROUP]


class Meeting(ClientRecord):
    """A meeting between a client and a peer supporter, recorded by either of them."""

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="meetings")
    supporter = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    duration_minutes = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)  # a double submit is stored once
    goals: models.ManyToManyField[Goal, MeetingGoal] = models.ManyToManyField(
        "plans.Goal", through="MeetingGoal", related_name="meetings", blank=True
    )

    class Meta:
        constraints = [key_constraint("recorded_by", "submission_key", name="meeting_stored_once")]
        indexes = [
            models.Index(fields=["client", "-held_at"]),
            models.Index(fields=["organisation", "held_at"]),  # dashboards: meetings in a period
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk} ({self.get_mode_display()})"


class MeetingGoal(models.Model):
    """Which of the client's goals a meeting touched (a table of its own so it carries the organisation key)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "goal"], name="one_link_per_meeting_goal")]

    def __str__(self) -> str:
        return f"Meeting {self.meeting_id} touched goal {self.goal_id}"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Shared")


class Note(ClientRecord):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    body = EncryptedTextField()
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: a stale edit is refused
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)
    read_version: int | None  # set by meetings.queries.with_read_version: the version the client last read

    class Meta:
        constraints = [key_constraint("author", "submission_key", name="note_stored_once")]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"Note {self.pk} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == NoteStatus.PUBLISHED


class AmendmentStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Corrected")
    DECLINED = "declined", _("Not changed")


class AmendmentRequest(ClientRecord):
    """The client asks for a correction. Their statement stays with the note whatever the answer."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="amendments")
    statement = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=AmendmentStatus.choices, default=AmendmentStatus.OPEN)
    answer = EncryptedTextField(blank=True, default="")
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [key_constraint("client", "submission_key", name="correction_request_stored_once")]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"Correction request {self.pk} ({self.status})"


class NoteRevision(models.Model):
    """The wording a published note had before a change, kept for good."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = EncryptedTextField()
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    amendment = models.ForeignKey(AmendmentRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "version"], name="one_revision_per_note_version")]

    def __str__(self) -> str:
        return f"Note {self.note_id} version {self.version}"


class Perspective(ClientRecord):
    """The client's own view, shown beside the note. Added, never edited, so what was said stays said."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="perspectives")
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [key_constraint("client", "submission_key", name="perspective_stored_once")]

    def __str__(self) -> str:
        return f"Client's view on note {self.note_id}"


class NoteReading(ClientRecord):
    """The client opened a shared note, at ``version``: until then (or once it changes again) it is "new" to them.

    Only the client's own reading is kept; a supporter reading the note clears nothing. One row per client
    and note, moved on when they read a later version, so a note corrected after reading shows as changed.
    """

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="readings")
    version = models.PositiveIntegerField()
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "note"], name="one_reading_per_client_note")]

    def __str__(self) -> str:
        return f"Note {self.note_id} read at version {self.version}"


def current_supporters(client: Membership) -> QuerySet[Membership]:
    """The peer supporters walking alongside ``client`` now."""
    return (
        Membership.objects.filter(
            client_assignments__client=client, client_assignments__ended_at__isnull=True, is_active=True
        )
        .select_related("user")
        .order_by("user__display_name")
    )
