"""Session documentation that a payer accepts, the organisation's payer rules, and billing export batches.

The payer rules are data, not code (docs/service-delivery.md, "Session documentation and payer rules"): each
organisation keeps its payers (unit length, rounding rule, daily unit limit), service codes with modifiers,
places of service and which roles need a supervisor's co-signature. ``defaults.add_to`` fills in a US
peer-support set (H0038) that an admin then changes.

``SessionRecord`` documents either one individual meeting (``meeting``) or one client's attendance at a group
session (``attendance``): exactly one of the two is set (a check constraint), so the checks, signing,
co-signature and export below serve both. Once signed a record is locked; a change is an
``SessionAmendment`` with a reason that keeps what the record said before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import ClientRecord, Membership, Organisation, Role, User
from alongside.core.crypto import EncryptedTextField
from alongside.meetings.models import PERSONAL_MODES, Meeting
from alongside.once import key_constraint

if TYPE_CHECKING:
    from alongside.plans.models import Goal

TEXT_MAX_CHARS = 3000


class Rounding(models.TextChoices):
    EIGHT_MINUTE = "cms_8_minute", _("At least half a unit counts as a unit (the CMS 8-minute rule for 15 minutes)")
    WHOLE_UNITS = "whole_units", _("Only whole units count")


class Payer(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    unit_minutes = models.PositiveSmallIntegerField(default=15)
    rounding = models.CharField(max_length=20, choices=Rounding.choices, default=Rounding.EIGHT_MINUTE)
    daily_unit_limit = models.PositiveSmallIntegerField(null=True, blank=True)  # per client, day and payer
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="one_payer_per_name")]

    def __str__(self) -> str:
        return self.name


class ServiceCode(models.Model):
    """A billable service: HCPCS code plus modifiers, for one payer (``H0038 HQ``, group peer support)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    payer = models.ForeignKey(Payer, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=10)
    modifiers = models.CharField(max_length=20, blank=True)  # space-separated two-character modifiers
    description = models.CharField(max_length=200)
    for_groups = models.BooleanField(default=False)  # offered for group sessions, not individual meetings
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["payer", "code", "modifiers"], name="one_service_code_per_payer")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.description} ({self.payer.name})"

    @property
    def label(self) -> str:
        return f"{self.code} {self.modifiers}".strip()


class PlaceOfService(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=2)  # the CMS place-of-service code
    label = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="one_place_per_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class CosignRule(models.Model):
    """Records signed by someone of ``role`` need a supervisor's co-signature before they can be billed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="one_cosign_rule_per_role")]

    def __str__(self) -> str:
        return f"Co-signature for {self.role}"


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_COSIGN = "awaiting_cosign", _("Signed, waiting for a supervisor's co-signature")
    RETURNED = "returned", _("Returned by a supervisor")
    SIGNED = "signed", _("Signed")


LOCKED = (RecordStatus.AWAITING_COSIGN, RecordStatus.SIGNED)


class BillingBatch(models.Model):
    """One billing export: the lines it holds belong to it alone, so exporting again never counts them twice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    export = models.OneToOneField("reports.Export", on_delete=models.PROTECT, related_name="billing_batch")
    created_at = models.DateTimeField(default=timezone.now)
    line_count = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Billing batch {self.pk}"


class SessionRecord(ClientRecord):
    """The documentation of one service to one client: what a payer needs, signed by the supporter."""

    client = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="session_records")
    # An individual meeting, or one client's attendance at a group session: exactly one of the two.
    # Deleting either (only ever with the client's record, at the end of retention) deletes the record with it.
    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="session_record"
    )
    attendance = models.OneToOneField(
        "groups.Attendance", on_delete=models.CASCADE, null=True, blank=True, related_name="session_record"
    )
    author = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    service_date = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    units = models.PositiveSmallIntegerField(default=0)  # computed from the times by the payer's rule
    place_of_service = models.ForeignKey(PlaceOfService, on_delete=models.PROTECT, null=True, blank=True)
    contact_type = models.CharField(max_length=20, choices=PERSONAL_MODES, blank=True)
    service_code = models.ForeignKey(ServiceCode, on_delete=models.PROTECT, null=True, blank=True)
    goals: models.ManyToManyField[Goal, SessionGoal] = models.ManyToManyField(
        "plans.Goal", through="SessionGoal", related_name="+", blank=True
    )
    what_was_done = EncryptedTextField(blank=True, default="")
    response = EncryptedTextField(blank=True, default="")  # how the client responded
    next_step = EncryptedTextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency, and the amendment count + 1
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signer_credential = models.CharField(max_length=60, blank=True)
    cosigned_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cosigned_at = models.DateTimeField(null=True, blank=True)
    returned_comment = EncryptedTextField(blank=True, default="")  # the supervisor's, while returned
    client_signed_at = models.DateTimeField(null=True, blank=True)  # the client's co-signature: never required
    batch = models.ForeignKey(BillingBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="lines")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(meeting__isnull=False, attendance__isnull=True)
                    | models.Q(meeting__isnull=True, attendance__isnull=False)
                ),
                name="session_record_of_meeting_or_attendance",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["client", "service_date"]),
        ]

    def __str__(self) -> str:
        return f"Session record {self.pk} ({self.status})"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED

    @property
    def is_group(self) -> bool:
        return self.attendance_id is not None


class SessionGoal(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(SessionRecord, on_delete=models.CASCADE)
    goal = models.ForeignKey("plans.Goal", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "goal"], name="one_link_per_record_goal")]

    def __str__(self) -> str:
        return f"Session record {self.record_id} served goal {self.goal_id}"


class SessionAmendment(ClientRecord):
    """A change to a signed record: the reason, and what the record said before (``before``, encrypted JSON)."""

    record = models.ForeignKey(SessionRecord, on_delete=models.CASCADE, related_name="amendments")
    version = models.PositiveIntegerField()  # the version this amendment replaced
    reason = EncryptedTextField()
    before = EncryptedTextField()
    changed_fields = models.CharField(max_length=300)
    amended_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(default=timezone.now)
    submission_key = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="one_amendment_per_record_version"),
            key_constraint("amended_by", "submission_key", name="session_amendment_stored_once"),
        ]

    def __str__(self) -> str:
        return f"Amendment of session record {self.record_id} (version {self.version})"


class CosignReturn(ClientRecord):
    """A supervisor sent a signed record back with a comment; kept after the supporter fixes and re-signs."""

    record = models.ForeignKey(SessionRecord, on_delete=models.CASCADE, related_name="returns")
    comment = EncryptedTextField()
    returned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Session record {self.record_id} returned"
