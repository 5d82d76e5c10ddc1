"""A client's recovery plan: goals in their own words, ordered steps, suggestions they decide on.

The plan is the set of a client's goals (there is no separate plan row: the client *is* the plan's key).
Status follows FHIR Goal.lifecycleStatus. Free text is encrypted at rest. Wording changes bump
``version`` (optimistic concurrency) and leave a ``Revision``; status changes leave a ``Revision`` too
but do not bump the version, so a status click in one tab never makes a wording edit in another stale.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alongside.accounts.models import ClientRecord
from alongside.core.crypto import EncryptedTextField
from alongside.once import key_constraint

# Limits shared by forms and actions, so both say the same thing.
GOAL_TEXT_MAX = 300
LONG_TEXT_MAX = 2000
STEP_TEXT_MAX = 300
SUGGESTION_TEXT_MAX = 1000
REASON_MAX = 500
ENCOURAGEMENT_MAX = 1000
JOURNAL_MAX = 5000


class LifeArea(models.TextChoices):
    """SAMHSA's eight dimensions of wellness."""

    EMOTIONAL = "emotional", pgettext_lazy("part of life", "Emotional")
    PHYSICAL = "physical", pgettext_lazy("part of life", "Physical")
    OCCUPATIONAL = "occupational", pgettext_lazy("part of life", "Occupational (work, study, volunteering)")
    SOCIAL = "social", pgettext_lazy("part of life", "Social")
    SPIRITUAL = "spiritual", pgettext_lazy("part of life", "Spiritual")
    INTELLECTUAL = "intellectual", pgettext_lazy("part of life", "Intellectual")
    ENVIRONMENTAL = "environmental", pgettext_lazy("part of life", "Environmental (home and surroundings)")
    FINANCIAL = "financial", pgettext_lazy("part of life", "Financial")


class Status(models.TextChoices):
    """FHIR Goal.lifecycleStatus codes, labelled in everyday words."""

    PROPOSED = "proposed", pgettext_lazy("status of a goal or step", "Thinking about it")
    ACTIVE = "active", pgettext_lazy("status of a goal or step", "Working on it")
    ON_HOLD = "on-hold", pgettext_lazy("status of a goal or step", "Paused")
    COMPLETED = "completed", pgettext_lazy("status of a goal or step", "Done")
    CANCELLED = "cancelled", pgettext_lazy("status of a goal or step", "Set aside")


# Where an item may go from each status. Nothing moves back into "proposed": it is where items start.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.ACTIVE, Status.CANCELLED}),
    Status.ACTIVE: frozenset({Status.ON_HOLD, Status.COMPLETED, Status.CANCELLED}),
    Status.ON_HOLD: frozenset({Status.ACTIVE, Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset({Status.ACTIVE}),
    Status.CANCELLED: frozenset({Status.ACTIVE}),
}
OPEN_STATUSES = (Status.PROPOSED, Status.ACTIVE, Status.ON_HOLD)


OWN_WORDS_HELP = _(
    "The client accepted the suggestion in their own words: the idea is the supporter's, the words theirs."
)


class Goal(ClientRecord):
    client = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="goals")
    text = EncryptedTextField()
    why = EncryptedTextField(blank=True, default="")
    life_area = models.CharField(max_length=20, choices=LifeArea.choices, blank=True)
    strengths = EncryptedTextField(blank=True, default="")
    supports = EncryptedTextField(blank=True, default="")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    is_private = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_own_words = models.BooleanField(default=False, help_text=OWN_WORDS_HELP)
    idempotency_key = models.UUIDField(null=True, blank=True)  # from the new-goal form; empty for other goals
    created_at = models.DateTimeField(default=timezone.now)

    # Filled in by alongside.plans.queries when a plan is shown; never stored.
    step_list: list[Step]  # its steps in order, read with the plan's (goal.steps.all() would read them again)
    open_suggestions: list[Suggestion]
    open_idea_request: IdeaRequest | None

    class Meta:
        constraints = [
            key_constraint("written_by", "idempotency_key", name="goal_stored_once"),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"Goal {self.pk} of member {self.client_id}"


class Step(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = EncryptedTextField()
    position = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_own_words = models.BooleanField(default=False, help_text=OWN_WORDS_HELP)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Step {self.pk} of goal {self.goal_id}"


class Change(models.TextChoices):
    CREATED = "created", _("Written")
    EDITED = "edited", _("Reworded")
    RESTORED = "restored", _("Earlier wording restored")
    SUGGESTION = "suggestion", _("Suggestion accepted")
    STATUS = "status", _("Status changed")


class Revision(models.Model):
    """One entry of an item's history: who changed it, how, and the wording afterwards (encrypted JSON)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="revisions")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, null=True, blank=True, related_name="revisions")
    version = models.PositiveIntegerField()
    change = models.CharField(max_length=12, choices=Change.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    snapshot = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Revision {self.pk} ({self.change}) of goal {self.goal_id}"


class SuggestionKind(models.TextChoices):
    GOAL = "goal", _("A new goal")
    STEP = "step", _("A step towards a goal")
    REWORDING = "rewording", _("Different wording")
    RESOURCE = "resource", _("A resource or support")


class Decision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("decision on a suggestion", "Waiting for a decision")
    LATER = "later", pgettext_lazy("decision on a suggestion", "Saved for later")
    ACCEPTED = "accepted", pgettext_lazy("decision on a suggestion", "Accepted")
    REWORDED = "reworded", pgettext_lazy("decision on a suggestion", "Accepted in their own words")
    DECLINED = "declined", pgettext_lazy("decision on a suggestion", "Declined")


OPEN_DECISIONS = (Decision.PENDING, Decision.LATER)


class IdeaRequest(ClientRecord):
    """The client asking their supporters for ideas on one goal."""

    client = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="idea_requests")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="idea_requests")
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Idea request {self.pk} on goal {self.goal_id}"


class Suggestion(ClientRecord):
    """A supporter's idea. It changes nothing in the plan until the client accepts it."""

    client = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="suggestions")
    suggested_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=SuggestionKind.choices)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, null=True, blank=True, related_name="suggestions")
    in_reply_to = models.ForeignKey(IdeaRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = EncryptedTextField()
    reason = EncryptedTextField(blank=True, default="")
    idempotency_key = models.UUIDField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decline_reason = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            key_constraint("suggested_by", "idempotency_key", name="suggestion_stored_once"),
        ]
        indexes = [models.Index(fields=["client", "decision"])]

    def __str__(self) -> str:
        return f"Suggestion {self.pk} ({self.kind}, {self.decision})"


class Milestone(ClientRecord):
    """ "Every step forward": made when the client completes a step or a goal."""

    client = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="milestones")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return f"Milestone {self.pk} of member {self.client_id}"

    @property
    def reached_at(self) -> datetime:
        """When the step or goal was done: what milestones of every kind are ordered by (``queries.newest``)."""
        return self.created_at


class Encouragement(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="encouragements")
    author = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Encouragement {self.pk} on milestone {self.milestone_id}"


class JournalEntry(ClientRecord):
    client = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="journal_entries")
    text = EncryptedTextField()
    is_private = models.BooleanField(default=True)
    idempotency_key = models.UUIDField(null=True, blank=True)  # from the journal form; empty for imported entries
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("journal entries")
        constraints = [
            key_constraint("client", "idempotency_key", name="journal_entry_stored_once"),
        ]
        indexes = [models.Index(fields=["client", "created_at"])]

    def __str__(self) -> str:
        return f"Journal entry {self.pk} of member {self.client_id}"
