"""Every change to consents, emergency access and account closure, each audited in its transaction.

Validation lives here, not in forms, so every way in (pages, API, demo) gets the same plain-language
messages; a ValidationError is raised before anything is written.
"""

from __future__ import annotations

import re
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
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from alongside import policy
from alongside.accounts.actions.offboarding import end_access
from alongside.accounts.models import Membership, Organisation, Role, User
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.core.dates import years_later
from alongside.once import Sending
from alongside.policy import Area, Verb
from alongside.reports import tallies

from . import mydata
from .models import AccountClosure, BreakGlass, Consent, RecipientKind, RetentionRule, retention_years

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
        errors[field] = _("Please keep this under %(limit)s characters (it has %(count)s).") % {
            "limit": MAX_TEXT,
            "count": len(text),
        }


def _recipient_name(client: Membership, wanted: ConsentRequest, errors: dict[str, str]) -> str:
    """Who the consent names, as printed on the form; records a plain message when nobody is named."""
    if wanted.recipient_kind == RecipientKind.SUPERVISORS:
        return _("The supervisors of %(organisation)s") % {"organisation": client.organisation.name}
    if wanted.recipient_kind == RecipientKind.OUTSIDE:
        if not wanted.recipient_name.strip():
            errors["recipient_name"] = _("Please write the name of the person or organisation you want to share with.")
        return wanted.recipient_name.strip()[:200]
    member = wanted.recipient_member
    if wanted.recipient_kind != RecipientKind.PERSON:
        errors["recipient_kind"] = _("Please choose who you want to share with.")
    elif member is None:
        errors["recipient_member"] = _("Please choose the person you want to share with.")
    elif member.organisation_id != client.organisation_id or not member.is_active or member.role == Role.CLIENT:
        errors["recipient_member"] = _("You can only choose someone who works at your organisation.")
    return f"{member.user.display_name} ({member.get_role_display()})" if member else ""


def _validate(client: Membership, wanted: ConsentRequest) -> str:
    errors: dict[str, str] = {}
    recipient_name = _recipient_name(client, wanted, errors)
    if not wanted.areas or not set(wanted.areas) <= {area.value for area in policy.CONSENTABLE_AREAS}:
        errors["areas"] = _("Please choose what you want to share.")
    _check_text(errors, "purpose", wanted.purpose, _("Please say what the sharing is for."))
    today = timezone.localdate()
    if wanted.expires_on is None:
        errors["expires_on"] = _("Please choose the last day this sharing should last.")
    elif wanted.expires_on < today:
        errors["expires_on"] = _("That day has already passed. Please choose today or a later day.")
    elif wanted.expires_on > years_later(today, MAX_CONSENT_YEARS):
        errors["expires_on"] = _("Sharing can last at most %(years)s years. Please choose an earlier day.") % {
            "years": MAX_CONSENT_YEARS
        }
    if len(wanted.expiry_event) > MAX_TEXT:
        errors["expiry_event"] = _("Please keep this under %(limit)s characters.") % {"limit": MAX_TEXT}
    if not wanted.signature.strip():
        errors["signature"] = _("Please type your name to sign.")
    if errors:
        raise ValidationError(errors)
    return recipient_name


@transaction.atomic
def grant_consent(client: Membership, wanted: ConsentRequest, *, request: HttpRequest | None = None) -> Consent:
    """Store the client's consent. Submitting the same form twice stores it once."""
    policy.require(policy.can(client, Verb.WRITE, Area.PROFILE, client), _("Only the client can share their record."))
    sending = Sending(
        Consent,
        wanted.request_key,
        organisation_id=client.organisation_id,
        author={"client": client},
        key_field="request_key",
    )
    if existing := sending.stored_before():
        return existing
    recipient_name = _validate(client, wanted)
    consent, stored = sending.store(
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
    if not stored:  # a simultaneous second sending: the first one audited it
        return consent
    record(
        organisation=client.organisation,
        actor=client.user,
        action=AuditAction.CONSENT_GRANT,
        client=client,
        target=f"consent:{consent.pk}",
        detail={"consent": consent.pk, "areas": consent.areas, "recipient_kind": consent.recipient_kind},
        request=request,
    )
    return consent


@transaction.atomic
def revoke_consent(consent: Consent, *, by: User, request: HttpRequest | None = None) -> Consent:
    policy.require(policy.is_own_account(by, consent.client), _("Only the client can stop their own sharing."))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        stopped = date_format(timezone.localtime(consent.revoked_at), "DATE_FORMAT")
        raise ValidationError(_("You already stopped this sharing on %(day)s.") % {"day": stopped})
    consent.revoked_at, consent.revoked_by = timezone.now(), by
    consent.save(update_fields=["revoked_at", "revoked_by"])
    record(
        organisation=consent.client.organisation,
        actor=by,
        action=AuditAction.CONSENT_REVOKE,
        client=consent.client,
        target=f"consent:{consent.pk}",
        detail={"consent": consent.pk},
        request=request,
    )
    return consent


REASON_MIN_CHARACTERS = 20
REASON_MIN_WORDS = 4
REASON_TOO_SHORT = gettext_lazy(
    "Please describe the emergency in a sentence: at least %(characters)s characters and "
    "%(words)s different words, for example “They told their supporter they are not safe tonight "
    "and we cannot reach them.” The person will read it."
)


def is_a_real_reason(reason: str) -> bool:
    """At least a sentence: 20 characters and 4 different words, each more than one letter repeated.

    The person whose record is opened reads this reason, and admins review it; "x" or "urgent urgent"
    explains nothing to either.
    """
    words = {word for word in re.findall(r"[^\W\d_]+", reason.lower()) if len(set(word)) > 1}
    return len(reason.strip()) >= REASON_MIN_CHARACTERS and len(words) >= REASON_MIN_WORDS


@transaction.atomic
def break_glass(supervisor: Membership, client: Membership, *, reason: str, request: HttpRequest) -> BreakGlass:
    """Open a record without consent, for a limited time, telling the client straight away."""
    if not policy.may_break_glass(supervisor, client):
        raise ValidationError({"client": _("Only a supervisor can open the record of a client of their organisation.")})
    errors: dict[str, str] = {}
    _check_text(errors, "reason", reason, _("Please give the reason you need to open this record without consent."))
    if not errors and not is_a_real_reason(reason):
        errors["reason"] = str(REASON_TOO_SHORT) % {"characters": REASON_MIN_CHARACTERS, "words": REASON_MIN_WORDS}
    if errors:
        raise ValidationError(errors)
    if open_now := BreakGlass.objects.open().filter(opened_by=supervisor, client=client).first():
        until = date_format(timezone.localtime(open_now.expires_at), "TIME_FORMAT")
        raise ValidationError({"client": _("You can already read this record until %(time)s.") % {"time": until}})
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
        action=AuditAction.BREAK_GLASS_OPEN,
        client=client,
        target=f"break_glass:{opening.pk}",
        reason=opening.reason,
        detail={"break_glass": opening.pk, "minutes": minutes},
        request=request,
    )
    _tell_client(
        client,
        subject=gettext_lazy("Someone opened your Alongside record in an emergency"),
        template="consent/email/break_glass.txt",
        context={"opening": opening, "minutes": minutes},
        request=request,
    )
    return opening


@transaction.atomic
def end_break_glass(opening: BreakGlass, *, by: Membership, request: HttpRequest | None = None) -> BreakGlass:
    """The opener is done before the time runs out: access ends now, and the review shows how long it lasted."""
    if not policy.can_end_break_glass(by, opening):
        raise ValidationError(_("Only the person who opened this record can end the emergency access."))
    opening = BreakGlass.objects.select_for_update().get(pk=opening.pk)
    if not opening.is_open:
        raise ValidationError(_("This emergency access has already ended."))
    opening.ended_at, opening.ended_by = timezone.now(), by.user
    opening.save(update_fields=["ended_at", "ended_by"])
    record(
        organisation=opening.client.organisation,
        actor=by.user,
        action=AuditAction.BREAK_GLASS_END,
        client=opening.client,
        target=f"break_glass:{opening.pk}",
        detail={"break_glass": opening.pk, "minutes_open": round(opening.lasted.total_seconds() / 60)},
        request=request,
    )
    return opening


@transaction.atomic
def review_break_glass(opening: BreakGlass, *, by: Membership, request: HttpRequest | None = None) -> BreakGlass:
    """An admin has looked at the opening, its reason and what was read: marked once, with who and when."""
    if not (policy.can_review_break_glass(by) and opening.organisation_id == by.organisation_id):
        raise ValidationError(_("Only an admin of the organisation can review emergency access."))
    opening = BreakGlass.objects.select_for_update().get(pk=opening.pk)
    if opening.reviewed_at is not None:
        raise ValidationError(_("This emergency access has already been reviewed."))
    if opening.is_open:
        raise ValidationError(_("This emergency access is still open. It can be reviewed once it has ended."))
    opening.reviewed_at, opening.reviewed_by = timezone.now(), by.user
    opening.save(update_fields=["reviewed_at", "reviewed_by"])
    record(
        organisation=by.organisation,
        actor=by.user,
        action=AuditAction.BREAK_GLASS_REVIEW,
        target=f"break_glass:{opening.pk}",
        detail={"break_glass": opening.pk},
        request=request,
    )
    return opening


def _tell_client(
    client: Membership, *, subject: StrOrPromise, template: str, context: dict[str, object], request: HttpRequest | None
) -> None:
    """Email after commit: the page "Who has seen my record" tells them even if mail is down.

    Written in the client's language (their account's choice), not the language of whoever caused it.
    """
    link = reverse("consent:who_has_seen")
    context = context | {"client": client, "link": request.build_absolute_uri(link) if request else link}
    with translation.override(client.user.language or settings.LANGUAGE_CODE):
        message = render_to_string(template, context)
        subject_words = str(subject)

    def send() -> None:
        send_mail(subject=subject_words, message=message, from_email=None, recipient_list=[client.user.email])

    transaction.on_commit(send, robust=True)


@transaction.atomic
def close_account(client: Membership, *, request: HttpRequest | None = None) -> AccountClosure:
    """Stop all access now; keep the records for the organisation's retention period, then purge them."""
    if hasattr(client, "closure"):
        raise ValidationError(_("This account is already closed."))
    policy.require(policy.can(client, Verb.WRITE, Area.PROFILE, client), _("Only the client can close their account."))
    years = retention_years(client.organisation_id)
    closure = AccountClosure.objects.create(
        organisation_id=client.organisation_id, client=client, purge_after=years_later(timezone.now(), years)
    )
    for consent in Consent.objects.filter(client=client).active():
        revoke_consent(consent, by=client.user, request=request)
    end_access(client, by=client.user, request=request)
    record(
        organisation=client.organisation,
        actor=client.user,
        action=AuditAction.ACCOUNT_CLOSE,
        client=client,
        target=f"closure:{closure.pk}",
        detail={"retention_years": years, "purge_after": closure.purge_after.date().isoformat()},
        request=request,
    )
    _tell_client(
        client,
        subject=gettext_lazy("Your Alongside account is closed"),
        template="consent/email/closed.txt",
        context={"closure": closure, "years": years},
        request=request,
    )
    return closure


@transaction.atomic
def set_retention(organisation: Organisation, years: int, *, by: Membership | None = None) -> None:
    """How long closed accounts' records are kept (``alongside retention set``): the operator's setting."""
    policy.require(policy.is_command_line(by), _("The retention period is set on the server's command line."))
    RetentionRule.objects.update_or_create(organisation=organisation, defaults={"keep_years": years})
    record(
        organisation=organisation,
        actor=None,
        action=AuditAction.RETENTION_SET,
        target=f"org:{organisation.pk}",
        detail={"keep_years": years},
    )


@transaction.atomic
def purge_due_closures(*, by: Membership | None = None) -> int:
    """Delete what closed accounts kept once their retention period is over. The audit log stays: it holds ids.

    Run daily by ``alongside retention purge``; nobody starts it from a page.
    """
    policy.require(policy.is_command_line(by), _("Purges run from the server's command line."))
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
        record(organisation=client.organisation, actor=None, action=AuditAction.ACCOUNT_PURGE, client=client)
        count += 1
    return count
