"""Check-ins as data: definitions, the invitations to answer them, answers, and conversation prompts.

Definitions shipped with Alongside have no organisation; an organisation's own (for example a licensed
instrument it holds a licence for) belong to it and are preferred for the same purpose.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from functools import cached_property

from django.db import models
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import ClientRecord, Membership, Organisation, User
from alongside.core.crypto import EncryptedTextField
from alongside.core.prepared import Prepared

from .definitions import PURPOSES, Definition, active_language, parse
from .scoring import PromptRule

RESPONSE_MAX_CHARS = 1000
PURPOSE_LABELS = {
    "session": gettext_lazy("after a meeting"),
    "wellbeing": gettext_lazy("wellbeing"),
    "recovery": gettext_lazy("recovery"),
    "other": gettext_lazy("other"),
}


# An organisation's own definitions before the shipped ones, then the newest.
PREFERRED_FIRST = (F("organisation").asc(nulls_last=True), "-loaded_at", "-pk")


class QuestionnaireQuerySet(QuerySet["Questionnaire"]):
    def available_to(self, organisation_id: int) -> QuestionnaireQuerySet:
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id))

    def for_purpose(self, organisation_id: int, purpose: str) -> Questionnaire | None:
        """The organisation's own newest definition for this purpose, else the newest shipped one."""
        return self.available_to(organisation_id).filter(purpose=purpose).order_by(*PREFERRED_FIRST).first()

    def for_purposes(self, organisation_id: int, purposes: Sequence[str]) -> dict[str, Questionnaire | None]:
        """``for_purpose`` for several purposes: one query however many, and only the chosen definitions are
        loaded (an organisation keeps every earlier version): each purpose's candidates are ranked in the
        database by ``PREFERRED_FIRST`` and only the first of each comes back. Prepared
        (``alongside.core.prepared``): Django writes a filter on a window function as a query around a query,
        and compiling that on every dashboard view cost four times running it."""
        chosen = {found.purpose: found for found in _preferred(organisation_id, purposes=tuple(purposes))}
        return {purpose: chosen.get(purpose) for purpose in purposes}


@Prepared
def _preferred(organisation_id: int, *, purposes: tuple[str, ...]) -> QuerySet[Questionnaire]:
    preference = Window(RowNumber(), partition_by=[F("purpose")], order_by=PREFERRED_FIRST)
    candidates = Questionnaire.objects.available_to(organisation_id).filter(purpose__in=purposes)
    return candidates.annotate(preference=preference).filter(preference=1)


class Questionnaire(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=80)
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    purpose = models.CharField(max_length=20, choices=[(p, p) for p in PURPOSES])
    validated = models.BooleanField(default=False)
    definition = models.JSONField()
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name", "version"], name="one_definition_per_version"),
            models.UniqueConstraint(
                fields=["name", "version"], condition=Q(organisation__isnull=True), name="one_shipped_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @cached_property
    def parsed(self) -> Definition:
        """The definition in its original wording: for scoring, exports and FHIR."""
        return parsed_definition(json.dumps(self.definition, sort_keys=True))

    @property
    def purpose_label(self) -> str:
        return str(PURPOSE_LABELS.get(self.purpose, self.purpose))

    @property
    def shown(self) -> Definition:
        """The definition in the language of the page or message being made now: what people read."""
        return self.parsed.in_language(active_language())


@functools.lru_cache(maxsize=256)
def parsed_definition(text: str) -> Definition:
    """A definition parsed once per worker and content (a few dozen check-ins at most), not on every page that
    shows or scores it: validating one took longer than the dashboard's own figures. The content is the key, so a
    changed definition (``feedback.shipped`` updates a shipped one in place) is parsed again; ``Definition`` is
    frozen, so whoever reads a kept one cannot change it for the next."""
    return parse(json.loads(text))


class RequestStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Waiting for you")
    ANSWERED = "answered", gettext_lazy("Answered")
    SKIPPED = "skipped", gettext_lazy("Skipped")


class CheckinRequest(ClientRecord):
    """An invitation to one client to answer one check-in: after a meeting, or when a periodic one is due."""

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="checkin_requests")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "questionnaire"], condition=Q(meeting__isnull=False), name="one_checkin_per_meeting"
            ),
        ]
        indexes = [
            models.Index(fields=["client", "status", "-created_at"]),
            models.Index(fields=["organisation", "created_at"]),  # dashboards: offers in a period
        ]

    def __str__(self) -> str:
        return f"Check-in request {self.pk} ({self.status})"


class Response(ClientRecord):
    """A client's answers. One per request, so a second submit of the same form is never stored twice."""

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="checkin_responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(CheckinRequest, on_delete=models.PROTECT, related_name="response")
    submitted_at = models.DateTimeField(default=timezone.now)
    scores = models.JSONField()  # {linkId: whole number}
    free_text = EncryptedTextField(null=True, blank=True)  # JSON {linkId: text}; null when none was written
    total = models.IntegerField()

    class Meta:
        indexes = [
            # A client's answers in order; with the total, reliable change reads each client's first and
            # last in a period from the index alone (one seek each, no sort: docs/reports.md).
            models.Index(fields=["client", "questionnaire", "submitted_at", "id", "total"], name="answers_in_order"),
            models.Index(fields=["organisation", "questionnaire", "submitted_at"]),  # dashboards: a period's answers
        ]

    def __str__(self) -> str:
        return f"Check-in response {self.pk}"

    @property
    def texts(self) -> dict[str, str]:
        return json.loads(self.free_text) if self.free_text else {}

    def text_answers(self) -> list[tuple[str, str]]:
        """(question, answer) for each free-text answer, in the definition's order."""
        texts = self.texts
        return [(item.text, texts[item.link_id]) for item in self.questionnaire.parsed.items if item.link_id in texts]


class Prompt(ClientRecord):
    """A conversation prompt for the supporter. It never changes anything; a person decides what to do."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="prompt")
    rules = models.JSONField()  # the PromptRule values met
    created_at = models.DateTimeField(default=timezone.now)
    you_said = EncryptedTextField(blank=True, default="")
    next_time = EncryptedTextField(blank=True, default="")
    responded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    # When the client first opened their check-ins page after the response: until then it is "new" to them.
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "responded_at"])]

    def __str__(self) -> str:
        return f"Conversation prompt {self.pk}"

    def reasons(self) -> list[str]:
        """Why this prompt was raised, in plain words (needs ``response__questionnaire`` loaded)."""
        definition = self.response.questionnaire.shown
        words = {
            "title": definition.title.lower(),
            "cutoff": "" if definition.cutoff is None else number_format(f"{definition.cutoff:g}"),
        }
        text = {
            PromptRule.BELOW_CUTOFF: _("the %(title)s total was below %(cutoff)s"),
            PromptRule.LOWER_THAN_PREVIOUS: _("the %(title)s total was lower than the one before"),
            PromptRule.RELIABLE_WORSENING: _("the %(title)s shows a reliable worsening"),
        }
        return [text[PromptRule(rule)] % words for rule in self.rules]


class ReliabilityEstimate(models.Model):
    """Cronbach's alpha and the SD of the totals, estimated from an organisation's own answers to one check-in.

    Worked out in the background from each client's first answer (``reliability.py``), so pages read one
    row instead of every answer. Figures about the organisation's answers as a whole, not about a person.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="+")
    alpha = models.FloatField(null=True, blank=True)  # None: could not be worked out (one item, no variation)
    sd = models.FloatField(null=True, blank=True)
    n = models.PositiveIntegerField()  # clients whose complete first answer the figures rest on
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "questionnaire"], name="one_estimate_per_questionnaire"),
        ]

    def __str__(self) -> str:
        return f"Reliability estimate {self.pk} (n = {self.n})"
