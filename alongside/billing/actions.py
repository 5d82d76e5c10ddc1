"""Every write about session documentation and the payer rules: check the policy, write, audit, in one transaction.

Audit entries hold ids, statuses and field names, never the words written.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside import policy
from alongside.accounts.models import Membership, Organisation, Role
from alongside.audit.actions import AuditAction
from alongside.audit.log import record as audit
from alongside.groups.models import Attendance
from alongside.meetings.models import Meeting
from alongside.notifications.kinds import Kind
from alongside.notifications.outbox import link_to, notify
from alongside.once import Sending
from alongside.plans.models import Goal
from alongside.reports.models import Export

from . import billing_csv, queries, rules
from .models import (
    TEXT_MAX_CHARS,
    BillingBatch,
    CosignReturn,
    CosignRule,
    Payer,
    PlaceOfService,
    RecordStatus,
    ServiceCode,
    SessionAmendment,
    SessionGoal,
    SessionRecord,
)
from .subjects import of_record, subject_of

# What a record holds that its author writes (goals apart): the form's fields and the amendment's.
RECORD_FIELDS = (
    "service_date",
    "start_time",
    "end_time",
    "place_of_service",
    "contact_type",
    "service_code",
    "what_was_done",
    "response",
    "next_step",
)
TEXT_FIELDS = ("what_was_done", "response", "next_step")
STALE = gettext_lazy(
    "This record was changed elsewhere (another tab or device) since you opened it. What you entered is still "
    "below: look at the current record, then save again."
)


class NotReady(ValidationError):
    """Signing was refused: ``problems`` says why, field by field. What was entered has been saved as a draft."""

    def __init__(self, problems: list[rules.Problem]) -> None:
        super().__init__([problem.message for problem in problems])
        self.problems = problems


def _audit(
    by: Membership | None,
    client: Membership,
    action: AuditAction,
    target: str,
    request: HttpRequest | None,
    **detail: Any,
) -> None:
    audit(
        organisation=client.organisation,
        actor=by.user if by else None,
        action=action,
        client=client,
        target=target,
        detail=detail or None,
        request=request,
    )


def _count(number: int) -> str:
    """A count as the person's language writes it: 3,000 in English, 3.000 in Spanish."""
    return number_format(number, force_grouping=True)


def _check_text(values: dict[str, Any]) -> None:
    for name in TEXT_FIELDS:
        text = values.get(name) or ""
        if len(text) > TEXT_MAX_CHARS:
            raise ValidationError(
                _("Please keep each part to %(limit)s characters or fewer (one has %(length)s).")
                % {"limit": _count(TEXT_MAX_CHARS), "length": _count(len(text))}
            )


def _check_choices(client: Membership, values: dict[str, Any], goals: Iterable[Goal]) -> list[Goal]:
    """Codes, places and goals must be this organisation's and this client's: anything else is refused."""
    code, place = values.get("service_code"), values.get("place_of_service")
    if code is not None and code.organisation_id != client.organisation_id:
        raise ValidationError(_("Please choose one of your organisation's service codes."))
    if place is not None and place.organisation_id != client.organisation_id:
        raise ValidationError(_("Please choose one of your organisation's places of service."))
    goals = list(goals)
    if any(goal.client_id != client.pk or goal.is_private for goal in goals):
        raise ValidationError(_("A record can only be linked to goals in this person's plan."))
    return goals


def _apply(record: SessionRecord, values: dict[str, Any]) -> list[str]:
    """Set the record's fields from ``values``; the names of those that changed."""
    changed = []
    for name in RECORD_FIELDS:
        value = values.get(name)
        if name in TEXT_FIELDS or name == "contact_type":
            value = (value or "").strip()
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    record.units = rules.units_of(record)
    return changed


def _set_goals(record: SessionRecord, goals: list[Goal]) -> bool:
    wanted = {goal.pk for goal in goals}
    have = set(SessionGoal.objects.filter(record=record).values_list("goal_id", flat=True))
    if wanted == have:
        return False
    SessionGoal.objects.filter(record=record).exclude(goal_id__in=wanted).delete()
    SessionGoal.objects.bulk_create(
        SessionGoal(organisation_id=record.organisation_id, record=record, goal_id=goal_id) for goal_id in wanted - have
    )
    return True


def _taken(record: SessionRecord, by: Membership) -> str:
    """Why someone who may document the session cannot change its record: two people were at it at once, or the
    same person in two tabs. Said plainly, so what they typed (still in the form) is not lost for a 403 page."""
    if record.author_id != by.pk:
        return _(
            "%(name)s started this record after you opened this page. A record has one author, so only they can "
            "change or sign it. What you entered is below and was not saved: you could pass it on to them."
        ) % {"name": record.author.user.display_name}
    return _(
        "This record was signed after you opened this page (perhaps in another tab), so it is locked. What you "
        "entered is below and was not saved: to change the record, amend it."
    )


def initial_values(documented: Meeting | Attendance) -> dict[str, Any]:
    """What a new record starts from: the meeting's or the group session's day, times and how, and the goals the
    meeting worked on (``subjects``)."""
    return subject_of(documented).initial_values()


@transaction.atomic
def save_record(
    documented: Meeting | Attendance,
    values: dict[str, Any],
    *,
    goals: Iterable[Goal],
    by: Membership,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> SessionRecord:
    """Save the record of a meeting or of one client's group attendance as it was entered (a draft; nothing is
    checked but who writes it, its size and its choices).

    The page saves before it signs (``sign_record``), so a refused signature loses nothing.
    """
    subject = subject_of(documented).locked()  # two first saves at once make one record
    policy.require(subject.may_document(by), str(subject.refusal))
    client = subject.client
    _check_text(values)
    goals = _check_choices(client, values, goals)
    record = SessionRecord.objects.select_for_update(of=("self",)).filter(**subject.key).first()
    if record is None:
        record = SessionRecord(organisation_id=client.organisation_id, client=client, author=by, **subject.key)
    else:
        for name, row in subject.key.items():  # the row just locked, for the policy to read
            setattr(record, name, row)
        if not policy.may_change_session_record(by, record):
            raise ValidationError(_taken(record, by))
        if expected_version is not None and record.version != expected_version:
            raise ValidationError(STALE)
    changed = _apply(record, values)
    creating = record.pk is None
    record.save()
    if _set_goals(record, goals):
        changed.append("goals")
    if changed and not creating:  # a stale form (another tab) is refused on its next save
        record.version, record.changed_at = record.version + 1, timezone.now()
        record.save(update_fields=["version", "changed_at"])
    if changed:
        about = {name: row.pk for name, row in subject.key.items()}
        _audit(
            by,
            client,
            AuditAction.SESSION_RECORD_SAVE,
            f"session_record:{record.pk}",
            request,
            changed=changed,
            **about,
        )
    return record


@transaction.atomic
def sign_record(
    record: SessionRecord, *, by: Membership, credential: str, request: HttpRequest | None = None
) -> SessionRecord:
    """Check the record (``rules.problems``) and sign it; refused with every problem at once (``NotReady``).

    A signed record is locked; it waits for a supervisor's co-signature when the author's role needs one.
    """
    record = (
        SessionRecord.objects.select_for_update(of=("self",))
        .select_related("client__organisation", "meeting", "attendance__session__group")
        .get(pk=record.pk)
    )
    policy.require(policy.may_change_session_record(by, record), _("This record is already signed."))
    found = rules.problems(record, SessionGoal.objects.filter(record=record).count())
    credential = credential.strip()
    if not credential:
        found.append(rules.Problem("credential", _("Please give your credential (for example CPRS) to sign.")))
    if found:
        raise NotReady(found)
    record.status = RecordStatus.AWAITING_COSIGN if policy.needs_cosignature(by) else RecordStatus.SIGNED
    record.signed_by, record.signed_at, record.signer_credential = by.user, timezone.now(), credential[:60]
    record.returned_comment = ""
    record.save(update_fields=["status", "signed_by", "signed_at", "signer_credential", "returned_comment"])
    _audit(
        by, record.client, AuditAction.SESSION_RECORD_SIGN, f"session_record:{record.pk}", request, status=record.status
    )
    _ask_for_cosignature(record, request)
    return record


def _ask_for_cosignature(record: SessionRecord, request: HttpRequest | None) -> None:
    """A record now waiting for a co-signature is news for the supervisors who may give it (on commit, as every
    notification): the message names nobody; the link is the record's page in their queue."""
    if record.status == RecordStatus.AWAITING_COSIGN:
        link = link_to(reverse("billing:review", args=[record.pk]), request)
        notify(policy.cosigners_of(record), Kind.COSIGN_WAITING, link, event=f"cosign:{record.pk}:{record.version}")


def _snapshot(record: SessionRecord) -> str:
    goals = sorted(SessionGoal.objects.filter(record=record).values_list("goal_id", flat=True))
    values: dict[str, Any] = {}
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        if isinstance(value, date | time):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = str(value)
        values[name] = value
    return json.dumps(values | {"units": record.units, "goals": goals})


@transaction.atomic
def amend_record(
    record: SessionRecord,
    values: dict[str, Any],
    *,
    goals: Iterable[Goal],
    reason: str,
    by: Membership,
    expected_version: int,
    submission_key: uuid.UUID | None = None,
    request: HttpRequest | None = None,
) -> SessionRecord:
    """Change a signed record: the reason and the earlier wording are kept, the version goes up.

    The amended record must still pass the checks. When the author's role needs a co-signature, it waits for
    one again.
    """
    record = (
        SessionRecord.objects.select_for_update(of=("self",))
        .select_related("client__organisation", "meeting", "attendance__session__group")
        .get(pk=record.pk)
    )
    policy.require(
        policy.may_amend_session_record(by, record), _("Only the person who signed this record can amend it.")
    )
    sending = Sending(
        SessionAmendment,
        submission_key,
        organisation_id=record.organisation_id,
        author={"amended_by": by.user},
        key_field="submission_key",
    )
    if sending.stored_before():
        return record
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please give the reason for the amendment."))
    if len(reason) > TEXT_MAX_CHARS:
        raise ValidationError(
            _("Please keep the reason to %(limit)s characters or fewer.") % {"limit": _count(TEXT_MAX_CHARS)}
        )
    if record.version != expected_version:
        raise ValidationError(STALE)
    _check_text(values)
    goals = _check_choices(record.client, values, goals)
    before, version = _snapshot(record), record.version
    changed = _apply(record, values)
    if _set_goals(record, goals):
        changed.append("goals")
    if not changed:
        raise ValidationError(_("Nothing was changed, so there is nothing to amend."))
    found = rules.problems(record, len(goals))
    if found:
        raise NotReady(found)
    sending.store(
        client=record.client,
        record=record,
        version=version,
        reason=reason,
        before=before,
        changed_fields=" ".join(changed)[:300],
    )
    record.version += 1
    record.changed_at = timezone.now()
    if policy.needs_cosignature(by):
        record.status, record.cosigned_by, record.cosigned_at = RecordStatus.AWAITING_COSIGN, None, None
    record.save()
    _ask_for_cosignature(record, request)
    _audit(
        by,
        record.client,
        AuditAction.SESSION_RECORD_AMEND,
        f"session_record:{record.pk}",
        request,
        changed=changed,
        version=record.version,
    )
    return record


def _awaiting(record: SessionRecord, by: Membership) -> SessionRecord:
    record = (
        SessionRecord.objects.select_for_update(of=("self",)).select_related("client__organisation").get(pk=record.pk)
    )
    policy.require(policy.may_cosign(by, record), _("This record is not waiting for your co-signature."))
    return record


@transaction.atomic
def cosign(record: SessionRecord, *, by: Membership, request: HttpRequest | None = None) -> SessionRecord:
    """A supervisor co-signs: the record can now be billed."""
    record = _awaiting(record, by)
    record.status, record.cosigned_by, record.cosigned_at = RecordStatus.SIGNED, by.user, timezone.now()
    record.save(update_fields=["status", "cosigned_by", "cosigned_at"])
    _audit(by, record.client, AuditAction.SESSION_RECORD_COSIGN, f"session_record:{record.pk}", request)
    return record


@transaction.atomic
def return_record(
    record: SessionRecord, comment: str, *, by: Membership, request: HttpRequest | None = None
) -> SessionRecord:
    """A supervisor sends a record back with a comment; its author is told, fixes the record and signs again.

    Only the author is told (the comment waits on the record's page, never in the message): nobody else can
    fix it. A co-signature tells nobody: it asks nothing of the author.
    """
    record = _awaiting(record, by)
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Please write what needs to change, so the supporter knows what to fix."))
    if len(comment) > TEXT_MAX_CHARS:
        raise ValidationError(
            _("Please keep the comment to %(limit)s characters or fewer.") % {"limit": _count(TEXT_MAX_CHARS)}
        )
    returned = CosignReturn.objects.create(
        organisation_id=record.organisation_id,
        client=record.client,
        record=record,
        comment=comment,
        returned_by=by.user,
    )
    record.status, record.returned_comment = RecordStatus.RETURNED, comment
    record.signed_at, record.signed_by = None, None
    record.version += 1
    record.save(update_fields=["status", "returned_comment", "signed_at", "signed_by", "version"])
    _audit(by, record.client, AuditAction.SESSION_RECORD_RETURN, f"session_record:{record.pk}", request)
    notify(
        [record.author],
        Kind.RECORD_RETURNED,
        link_to(of_record(record).page(), request),
        event=f"session_record_return:{returned.pk}",
    )
    return record


@transaction.atomic
def client_cosign(record: SessionRecord, *, by: Membership, request: HttpRequest | None = None) -> SessionRecord:
    """The client co-signs the record about them. Never required; once done, it stays."""
    record = (
        SessionRecord.objects.select_for_update(of=("self",)).select_related("client__organisation").get(pk=record.pk)
    )
    policy.require(policy.may_client_cosign(by, record), _("Only the person a record is about can co-sign it."))
    record.client_signed_at = timezone.now()
    record.save(update_fields=["client_signed_at"])
    _audit(by, record.client, AuditAction.SESSION_RECORD_CLIENT_SIGN, f"session_record:{record.pk}", request)
    return record


# --- The organisation's payer rules -----------------------------------------------------------------------

CONFIG_MODELS: dict[str, type[Payer] | type[ServiceCode] | type[PlaceOfService]] = {
    "payer": Payer,
    "code": ServiceCode,
    "place": PlaceOfService,
}


def _settings_audit(
    organisation: Organisation, by: Membership | None, what: str, detail: dict[str, Any], request: HttpRequest | None
) -> None:
    audit(
        organisation=organisation,
        actor=by.user if by else None,
        action=AuditAction.BILLING_SETTINGS_CHANGE,
        target=what,
        detail=detail,
        request=request,
    )


@transaction.atomic
def save_setting(
    kind: str,
    organisation: Organisation,
    values: dict[str, Any],
    *,
    by: Membership,
    instance: Payer | ServiceCode | PlaceOfService | None = None,
    request: HttpRequest | None = None,
) -> Payer | ServiceCode | PlaceOfService:
    """Add or change a payer, a service code or a place of service."""
    policy.require(
        policy.may_configure_billing(by, organisation.pk), _("Only an organisation admin can change payer rules.")
    )
    model = CONFIG_MODELS[kind]
    row = instance if instance is not None else model(organisation=organisation)
    if row.organisation_id != organisation.pk:
        raise ValidationError(_("That is not one of your organisation's settings."))
    payer = values.get("payer")
    if payer is not None and payer.organisation_id != organisation.pk:
        raise ValidationError(_("Please choose one of your organisation's payers."))
    for name, value in values.items():
        setattr(row, name, value)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # the unique constraints: the same name or code twice
        raise ValidationError(_("Your organisation already has one with this name or code.")) from error
    _settings_audit(organisation, by, f"{kind}:{row.pk}", {"fields": sorted(values)}, request)
    return row


@transaction.atomic
def set_cosign_roles(
    organisation: Organisation, roles: Iterable[str], *, by: Membership, request: HttpRequest | None = None
) -> None:
    """Which roles' records need a supervisor's co-signature."""
    policy.require(
        policy.may_configure_billing(by, organisation.pk), _("Only an organisation admin can change payer rules.")
    )
    wanted = {role for role in roles if role in (Role.SUPPORTER, Role.SUPERVISOR)}
    CosignRule.objects.filter(organisation=organisation).exclude(role__in=wanted).delete()
    have = set(CosignRule.objects.filter(organisation=organisation).values_list("role", flat=True))
    CosignRule.objects.bulk_create(CosignRule(organisation=organisation, role=role) for role in wanted - have)
    _settings_audit(organisation, by, "cosign", {"roles": sorted(wanted)}, request)


@transaction.atomic
def seed_defaults(organisation: Organisation, *, by: Membership | None, request: HttpRequest | None = None) -> bool:
    """Add the usual US peer-support set (``defaults.py``) to an organisation that has no payers yet."""
    policy.require(
        policy.is_command_line(by) or policy.may_configure_billing(by, organisation.pk),
        _("Only an organisation admin can change payer rules."),
    )
    from . import defaults

    if Payer.objects.filter(organisation=organisation).exists():
        return False
    defaults.add_to(organisation.pk)
    _settings_audit(organisation, by, "defaults", {"set": defaults.NAME}, request)
    return True


@transaction.atomic
def claim_batch(export: Export) -> list[Sequence[object]]:
    """Put every line ready for billing (in the export's period) into a new batch for ``export``; its CSV rows.

    Run by the background worker when a billing export starts. A line belongs to one batch: exporting again
    takes only lines no batch holds (or whose batch's export failed), so nothing is billed twice.
    """
    requester = policy.member_of(export.requested_by, export.organisation_id)
    policy.require(policy.can_export_billing(requester), _("Only an organisation admin can export billing lines."))
    existing = BillingBatch.objects.filter(export=export).first()
    if existing is not None:  # the same export run twice: the same lines
        return billing_csv.rows(existing.lines.all(), existing.pk)
    ready = billing_csv.in_period(queries.lines_ready(export.organisation_id), export.period)
    lines = list(ready.select_for_update(of=("self",)).order_by("pk"))
    batch = BillingBatch.objects.create(
        organisation_id=export.organisation_id,
        export=export,
        line_count=len(lines),
        units=sum(line.units for line in lines),
    )
    SessionRecord.objects.filter(pk__in=[line.pk for line in lines]).update(batch=batch)
    audit(
        organisation=export.organisation,
        actor=export.requested_by,
        action=AuditAction.BILLING_BATCH,
        target=f"billing_batch:{batch.pk}",
        detail={"export": export.pk, "lines": len(lines), "units": batch.units},
    )
    return billing_csv.rows(lines, batch.pk)
