"""Every change to consents, emergency access and account closure, each audited in its transaction.

Validation lives here, not in forms, so every way in (pages, API, demo) gets the same plain-language
messages; a ValidationError is raised before anything is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alongside import policy
from alongside.accounts.actions import deactivate_member
from alongside.accounts.models import Membership, Role, User
from alongside.audit.log import record
from alongside.core.dates import years_later
from alongside.reports import tallies

from . import mydata
from .models import AccountClosure, BreakGlass, Consent, RecipientKind, retention_years

MAX_TEXT = 1000
MAX_CONSENT_YEARS = 5
PURGED_NAME = "Closed account"


@dataclass(frozen=True)
class ConsentRequest:
    """What the client filled in on the sharing form."""

    request_key: uuid.UUID
    recipient_kind: str
    recipient_member: Membership | None
    recipient_name: str
    areas: list[str]
    purpose: str
    expires_on: date | None
    expiry_event: str
    signature: str


def _check_text(errors: dict[str, str], field: str, text: str, missing: str) -> None:
    if not text.strip():
        errors[field] = missing
    elif len(text) > MAX_TEXT:
        errors[field] = f"Please keep this under {MAX_TEXT} characters (it has {len(text)})."


def _recipient_name(client: Membership, wanted: ConsentRequest, errors: dict[str, str]) -> str:
    """Who the consent names, as printed on the form; records a plain message when nobody is named."""
    if wanted.recipient_kind == RecipientKind.SUPERVISORS:
        return f"The supervisors of {client.organisation.name}"
    if wanted.recipient_kind == RecipientKind.OUTSIDE:
        if not wanted.recipient_name.strip():
            errors["recipient_name"] = "Please write the name of the person or organisation you want to share with."
        return wanted.recipient_name.strip()[:200]
    member = wanted.recipient_member
    if wanted.recipient_kind != RecipientKind.PERSON:
        errors["recipient_kind"] = "Please choose who you want to share with."
    elif member is None:
        errors["recipient_member"] = "Please choose the person you want to share with."
    elif member.organisation_id != client.organisation_id or not member.is_active or member.role == Role.CLIENT:
        errors["recipient_member"] = "You can only choose someone who works at your organisation."
    return f"{member.user.display_name} ({member.get_role_display()})" if member else ""


def _validate(client: Membership, wanted: ConsentRequest) -> str:
    errors: dict[str, str] = {}
    recipient_name = _recipient_name(client, wanted, errors)
    if not wanted.areas or not set(wanted.areas) <= {area.value for area in policy.CONSENTABLE_AREAS}:
        errors["areas"] = "Please choose what you want to share."
    _check_text(errors, "purpose", wanted.purpose, "Please say what the sharing is for.")
    today = timezone.localdate()
    if wanted.expires_on is None:
        errors["expires_on"] = "Please choose the last day this sharing should last."
    elif wanted.expires_on < today:
        errors["expires_on"] = "That day has already passed. Please choose today or a later day."
    elif wanted.expires_on > years_later(today, MAX_CONSENT_YEARS):
        errors["expires_on"] = f"Sharing can last at most {MAX_CONSENT_YEARS} years. Please choose an earlier day."
    if len(wanted.expiry_event) > MAX_TEXT:
        errors["expiry_event"] = f"Please keep this under {MAX_TEXT} characters."
    if not wanted.signature.strip():
        errors["signature"] = "Please type your name to sign."
    if errors:
        raise ValidationError(errors)
    return recipient_name


@transaction.atomic
def grant_consent(client: Membership, wanted: ConsentRequest, *, request: HttpRequest | None = None) -> Consent:
    """Store the client's consent. Submitting the same form twice stores it once."""
    existing = Consent.objects.filter(request_key=wanted.request_key, client=client).first()
    if existing is not None:
        return existing
    recipient_name = _validate(client, wanted)
    consent = Consent.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        request_key=wanted.request_key,
        client_name=client.user.display_name,
        discloser_name=client.organisation.name,
        recipient_kind=wanted.recipient_kind,
        recipient_member=wanted.recipient_member if wanted.recipient_kind == RecipientKind.PERSON else None,
        recipient_name=recipient_name,
        areas=sorted(set(wanted.areas)),
        purpose=wanted.purpose.strip(),
        expires_on=cast(date, wanted.expires_on),  # checked by _validate
        expiry_event=wanted.expiry_event.strip(),
        signature=wanted.signature.strip()[:120],
    )
    record(
        organisation=client.organisation,
        actor=client.user,
        action="consent.grant",
        client=client,
        target=f"consent:{consent.pk}",
        detail={"consent": consent.pk, "areas": consent.areas, "recipient_kind": consent.recipient_kind},
        request=request,
    )
    return consent


@transaction.atomic
def revoke_consent(consent: Consent, *, by: User, request: HttpRequest | None = None) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError(f"You already stopped this sharing on {consent.revoked_at:%-d %B %Y}.")
    consent.revoked_at, consent.revoked_by = timezone.now(), by
    consent.save(update_fields=["revoked_at", "revoked_by"])
    record(
        organisation=consent.client.organisation,
        actor=by,
        action="consent.revoke",
        client=consent.client,
        target=f"consent:{consent.pk}",
        detail={"consent": consent.pk},
        request=request,
    )
    return consent


@transaction.atomic
def break_glass(supervisor: Membership, client: Membership, *, reason: str, request: HttpRequest) -> BreakGlass:
    """Open a record without consent, for a limited time, telling the client straight away."""
    if not policy.may_break_glass(supervisor, client):
        raise ValidationError({"client": "Only a supervisor can open the record of a client of their organisation."})
    errors: dict[str, str] = {}
    _check_text(errors, "reason", reason, "Please give the reason you need to open this record without consent.")
    if errors:
        raise ValidationError(errors)
    if open_now := BreakGlass.objects.open().filter(opened_by=supervisor, client=client).first():
        raise ValidationError({"client": f"You can already read this record until {open_now.expires_at:%H:%M}."})
    minutes = settings.BREAK_GLASS_MINUTES
    opening = BreakGlass.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        opened_by=supervisor,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    record(
        organisation=client.organisation,
        actor=supervisor.user,
        action="break_glass.open",
        client=client,
        target=f"break_glass:{opening.pk}",
        reason=opening.reason,
        detail={"break_glass": opening.pk, "minutes": minutes},
        request=request,
    )
    _tell_client(
        client,
        subject="Someone opened your Alongside record in an emergency",
        template="consent/email/break_glass.txt",
        context={"opening": opening, "minutes": minutes},
        request=request,
    )
    return opening


def _tell_client(
    client: Membership, *, subject: str, template: str, context: dict[str, object], request: HttpRequest | None
) -> None:
    """Email after commit: the page "Who has seen my record" tells them even if mail is down."""
    link = reverse("who_has_seen")
    context = context | {"client": client, "link": request.build_absolute_uri(link) if request else link}
    message = render_to_string(template, context)

    def send() -> None:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[client.user.email])

    transaction.on_commit(send, robust=True)


@transaction.atomic
def close_account(client: Membership, *, request: HttpRequest | None = None) -> AccountClosure:
    """Stop all access now; keep the records for the organisation's retention period, then purge them."""
    if hasattr(client, "closure"):
        raise ValidationError("This account is already closed.")
    years = retention_years(client.organisation_id)
    closure = AccountClosure.objects.create(
        organisation_id=client.organisation_id, client=client, purge_after=years_later(timezone.now(), years)
    )
    for consent in Consent.objects.filter(client=client).active():
        revoke_consent(consent, by=client.user, request=request)
    deactivate_member(client, by=client.user, request=request)
    record(
        organisation=client.organisation,
        actor=client.user,
        action="account.close",
        client=client,
        target=f"closure:{closure.pk}",
        detail={"retention_years": years, "purge_after": closure.purge_after.date().isoformat()},
        request=request,
    )
    _tell_client(
        client,
        subject="Your Alongside account is closed",
        template="consent/email/closed.txt",
        context={"closure": closure, "years": years},
        request=request,
    )
    return closure


@transaction.atomic
def purge_due_closures() -> int:
    """Delete what closed accounts kept once their retention period is over. The audit log stays: it holds ids."""
    due = AccountClosure.objects.filter(purge_after__lte=timezone.now(), purged_at__isnull=True)
    count = 0
    for closure in due.select_related("client__user", "client__organisation").select_for_update(of=("self",)):
        client = closure.client
        with tallies.kept(client.pk):  # the purged records leave the dashboard's figures too
            mydata.purge_everything(client)
        user = client.user
        if not user.memberships.filter(is_active=True).exists():
            user.display_name, user.email, user.is_active = PURGED_NAME, f"closed-{user.pk}@alongside.invalid", False
            user.set_unusable_password()
            user.save(update_fields=["display_name", "email", "is_active", "password"])
        closure.purged_at = timezone.now()
        closure.save(update_fields=["purged_at"])
        record(organisation=client.organisation, actor=None, action="account.purge", client=client)
        count += 1
    return count
