"""Every write of the worklist, with its audit entry in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext

from alongside import policy
from alongside.accounts.models import Membership, Organisation
from alongside.audit.actions import AuditAction
from alongside.audit.log import record

from .models import REASON_MAX_CHARS, Dismissal, WorklistSettings
from .queries import signals_of
from .signals import Kind


@transaction.atomic
def dismiss(
    client: Membership, *, kind: Kind, fact: str, reason: str, by: Membership, request: HttpRequest | None = None
) -> Dismissal:
    """A supporter sets a signal aside with a reason. It stays gone until its fact changes (a new answer,
    a new request); a repeated submit keeps the first dismissal."""
    allowed = policy.may_act_on_signals(by) and policy.may_contribute_as_supporter(by, kind.area, client)
    policy.require(allowed, gettext("A signal is set aside by the person's peer supporter."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(gettext("Please say why you are setting this aside."))
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            gettext("Please keep the reason to %(limit)s characters or fewer.")
            % {"limit": number_format(REASON_MAX_CHARS, force_grouping=True)}
        )
    if not any(signal.kind == kind and signal.fact == fact for signal in signals_of(client)):
        raise ValidationError(gettext("This is no longer on the worklist: the record has changed since."))
    dismissal, created = Dismissal.objects.get_or_create(
        organisation_id=client.organisation_id,
        client=client,
        kind=kind.value,
        fact=fact,
        defaults={"dismissed_by": by, "reason": reason},
    )
    if created:
        record(
            organisation=client.organisation,
            actor=by.user,
            action=AuditAction.SIGNAL_DISMISS,
            client=client,
            target=f"dismissal:{dismissal.pk}",
            detail={"kind": kind.value, "fact": fact},
            request=request,
        )
    return dismissal


@transaction.atomic
def change_settings(
    organisation: Organisation,
    *,
    no_contact_days: int,
    checkin_overdue_days: int,
    by: Membership,
    request: HttpRequest | None = None,
) -> WorklistSettings:
    allowed = policy.may_change_worklist_settings(by, organisation.pk)
    policy.require(allowed, gettext("The worklist's settings are changed by an organisation admin."))
    settings, _ = WorklistSettings.objects.update_or_create(
        organisation=organisation,
        defaults={"no_contact_days": no_contact_days, "checkin_overdue_days": checkin_overdue_days},
    )
    record(
        organisation=organisation,
        actor=by.user,
        action=AuditAction.WORKLIST_SETTINGS_CHANGE,
        target=f"worklist_settings:{settings.pk}",
        detail={"no_contact_days": no_contact_days, "checkin_overdue_days": checkin_overdue_days},
        request=request,
    )
    return settings
