"""Reflective supervision: a private space between a supervisor and a peer supporter.

Nothing here belongs to a client's record and no client is named in it. A ``Pairing`` says who supervises
whom; it is ended, never deleted. Sessions are made of items (what we talked about, what the peer takes
away, agreed next steps), each with its author. Development goals are the peer's: they write them, or accept
(in their own words) one their supervisor suggested. ``IndicatorShare`` is the peer's choice to let their
supervisor see their practice indicators; revoking it ends the share, and the rows keep the history.
Every free text is encrypted at rest.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership, Organisation, User
from alongside.core.crypto import EncryptedTextField
from alongside.once import key_constraint

ITEM_MAX_CHARS = 2000
GOAL_MAX_CHARS = 500


class Pairing(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    peer = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supervisor", "peer"], condition=Q(ended_at__isnull=True), name="one_open_supervision_pairing"
            )
        ]

    def __str__(self) -> str:
        return f"Supervision pairing {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Session(models.Model):
    """One supervision session: when it was held; what was said is in its items."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    recorded_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [key_constraint("recorded_by", "submission_key", name="supervision_session_stored_once")]

    def __str__(self) -> str:
        return f"Supervision session {self.pk}"

    def items_by_kind(self) -> list[tuple[str, list[SessionItem]]]:
        """The session's items under each kind's heading, in the order a session is talked through (what we
        talked about, what the peer takes away, next steps), oldest first within each."""
        items = list(self.items.all())  # prefetched by queries.sessions_of
        grouped = [(str(kind.label), [item for item in items if item.kind == kind]) for kind in ItemKind]
        return [(label, found) for label, found in grouped if found]


class ItemKind(models.TextChoices):
    TALKED_ABOUT = "talked_about", _("What we talked about")
    TAKEAWAY = "takeaway", _("What the peer takes away")
    NEXT_STEP = "next_step", _("Next steps we agreed")


class SessionItem(models.Model):
    """One thing written about a session, by the supervisor or the peer; it keeps its author."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    text = EncryptedTextField()
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["written_at", "pk"]
        constraints = [key_constraint("author", "submission_key", name="supervision_item_stored_once")]

    def __str__(self) -> str:
        return f"Supervision session item {self.pk} ({self.kind})"


class GoalStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested, waiting for an answer")
    WORKING_ON = "working_on", _("Working on it")
    DONE = "done", _("Done")
    SET_ASIDE = "set_aside", _("Set aside for now")
    NOT_TAKEN_UP = "not_taken_up", _("Not taken up")


class DevelopmentGoal(models.Model):
    """The peer's development goal. ``text`` is in the peer's words; ``suggested_text`` keeps a supervisor's
    suggestion as they worded it, when the goal began as one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="goals")
    text = EncryptedTextField()
    suggested_text = EncryptedTextField(blank=True, default="")
    status = models.CharField(max_length=20, choices=GoalStatus.choices)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [key_constraint("created_by", "submission_key", name="development_goal_stored_once")]

    def __str__(self) -> str:
        return f"Development goal {self.pk} ({self.status})"

    @property
    def was_suggested(self) -> bool:
        return bool(self.suggested_text)


class IndicatorShare(models.Model):
    """The peer shares their practice indicators with the supervisor of a pairing, until they revoke it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="shares")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing"], condition=Q(revoked_at__isnull=True), name="one_open_indicator_share"
            )
        ]

    def __str__(self) -> str:
        return f"Indicator share {self.pk}"
