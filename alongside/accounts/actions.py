"""Every change to people, roles, assignments and sign-in goes through these functions: each asks the policy,
writes, and audits the change in one transaction; mail leaves only once that transaction has committed."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside import policy
from alongside.api.models import ApiToken
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.consent.models import BreakGlass
from alongside.reports import tallies

from . import reauth
from .models import Assignment, Invitation, Membership, Organisation, Role, User

INVITATION_TEMPLATE = "accounts/email/invitation.txt"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_organisation(name: str, slug: str, *, by: Membership | None = None) -> Organisation:
    """A new tenant, from the command line (``alongside createorg``): no page creates one."""
    policy.require(policy.is_command_line(by), "Organisations are created on the server's command line.")
    organisation = Organisation.objects.create(name=name, slug=slug)
    record(
        organisation=organisation, actor=None, action=AuditAction.ORGANISATION_CREATE, target=f"org:{organisation.pk}"
    )
    return organisation


@transaction.atomic
def add_member(
    organisation: Organisation,
    *,
    email: str,
    display_name: str,
    role: str,
    password: str | None,
    by: User | None,
) -> Membership:
    """Create the user if needed and give them ``role`` in ``organisation`` (``alongside createuser``).

    On the web people join only through an invitation (``accept_invitation``).
    """
    policy.require(policy.is_command_line(by), "People join an organisation through an invitation.")
    return _add_member(organisation, email=email, display_name=display_name, role=role, password=password, by=by)


def _add_member(
    organisation: Organisation, *, email: str, display_name: str, role: str, password: str | None, by: User | None
) -> Membership:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, display_name=display_name)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(f"{email} already belongs to {organisation}.")
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    record(
        organisation=organisation,
        actor=by,
        action=AuditAction.MEMBER_ADD,
        target=f"member:{membership.pk}",
        detail={"role": role},
    )
    return membership


@transaction.atomic
def assign(client: Membership, supporter: Membership, *, by: User, request: HttpRequest | None = None) -> Assignment:
    """Match a client with a peer supporter (an admin, or a supporter taking on a client they invited)."""
    actor = policy.member_of(by, client.organisation_id)
    policy.require(policy.may_assign(actor, client, supporter), "Only an admin can match people with a supporter.")
    return _assign(client, supporter, by=by, request=request)


def _assign(
    client: Membership,
    supporter: Membership,
    *,
    by: User,
    request: HttpRequest | None,
    handed_over_from: Membership | None = None,
) -> Assignment:
    """The match itself, for ``assign`` and for paths the policy already allowed (an accepted invitation,
    an admin's handover)."""
    if client.role != Role.CLIENT or supporter.role != Role.SUPPORTER:
        raise ValidationError("Only a client can be assigned, and only to a peer supporter.")
    if not (client.is_active and supporter.is_active):
        raise ValidationError("Only people who still have access can be matched.")
    if client.organisation_id != supporter.organisation_id:
        raise ValidationError("The client and the supporter must belong to the same organisation.")
    if Assignment.objects.filter(client=client, supporter=supporter, ended_at__isnull=True).exists():
        raise ValidationError(f"{supporter.user} already walks alongside {client.user}.")
    with tallies.kept(client.pk):  # the dashboard counts clients with an assignment
        assignment = Assignment.objects.create(
            organisation_id=client.organisation_id,
            client=client,
            supporter=supporter,
            started_by=by,
            handed_over_from=handed_over_from,
        )
    handover = {"handed_over_from": handed_over_from.pk} if handed_over_from else {}
    record(
        organisation=client.organisation,
        actor=by,
        action=AuditAction.ASSIGNMENT_START,
        client=client,
        target=f"assignment:{assignment.pk}",
        detail={"supporter": supporter.pk} | handover,
        request=request,
    )
    return assignment


@transaction.atomic
def end_assignment(assignment: Assignment, *, by: User, request: HttpRequest | None = None) -> None:
    actor = policy.member_of(by, assignment.organisation_id)
    policy.require(policy.may_end_assignment(actor, assignment.organisation_id), "Only an admin can end a match.")
    _end_assignment(assignment, by=by, request=request)


def _end_assignment(assignment: Assignment, *, by: User, request: HttpRequest | None) -> None:
    if assignment.ended_at is not None:
        raise ValidationError("This assignment has already ended.")
    with tallies.kept(assignment.client_id):
        assignment.ended_at, assignment.ended_by = timezone.now(), by
        assignment.save(update_fields=["ended_at", "ended_by"])
    record(
        organisation=assignment.client.organisation,
        actor=by,
        action=AuditAction.ASSIGNMENT_END,
        client=assignment.client,
        target=f"assignment:{assignment.pk}",
        request=request,
    )


@transaction.atomic
def invite(
    organisation: Organisation,
    *,
    email: str,
    display_name: str,
    role: str,
    by: Membership,
    request: HttpRequest,
) -> Invitation:
    """Email a single-use link. A supporter's invitee is assigned to that supporter on acceptance."""
    policy.require(policy.may_invite_to(by, organisation.pk, role), "You cannot invite someone with this role.")
    email = email.strip().lower()
    existing = Membership.objects.filter(organisation=organisation, user__email__iexact=email).first()
    if existing is not None and not existing.is_active:
        raise ValidationError(f"{email} belonged to {organisation}; an admin can give their access back on their page.")
    if existing is not None:
        raise ValidationError(f"{email} already belongs to {organisation}.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        display_name=display_name,
        role=role,
        token_hash=hash_token(token),
        invited_by=by.user,
        assign_to=by if by.role == Role.SUPPORTER else None,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    _email_invitation(invitation, token, request)
    record(
        organisation=organisation,
        actor=by.user,
        action=AuditAction.INVITATION_SEND,
        target=f"invitation:{invitation.pk}",
        detail={"role": role},
        request=request,
    )
    return invitation


def _email_invitation(invitation: Invitation, token: str, request: HttpRequest) -> None:
    """The link goes out once the invitation is stored: a rolled-back invitation sends nothing."""
    link = request.build_absolute_uri(reverse("accounts:accept_invitation", args=[token]))
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
    message = render_to_string("accounts/email/invitation.txt", context)

    def send() -> None:
        send_mail(
            subject=f"You are invited to {invitation.organisation} on Alongside",
            message=message,
            from_email=None,
            recipient_list=[invitation.email],
        )

    transaction.on_commit(send, robust=True)


def _pending_invitation(invitation: Invitation, by: Membership) -> Invitation:
    """The invitation locked for a change, or a ValidationError when it is no longer pending."""
    if not (policy.can_manage_invitations(by) and invitation.organisation_id == by.organisation_id):
        raise ValidationError("Only an admin of the organisation can change its invitations.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(f"{invitation.email} has already accepted this invitation.")
    if invitation.cancelled_at is not None:
        raise ValidationError(f"The invitation for {invitation.email} was already cancelled.")
    return invitation


@transaction.atomic
def resend_invitation(invitation: Invitation, *, by: Membership, request: HttpRequest) -> Invitation:
    """A new link with a new time limit; the old link stops working (only the new token's hash is kept)."""
    invitation = _pending_invitation(invitation, by)
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at"])
    _email_invitation(invitation, token, request)
    record(
        organisation=invitation.organisation,
        actor=by.user,
        action=AuditAction.INVITATION_RESEND,
        target=f"invitation:{invitation.pk}",
        detail={"role": invitation.role},
        request=request,
    )
    return invitation


@transaction.atomic
def cancel_invitation(invitation: Invitation, *, by: Membership, request: HttpRequest | None = None) -> Invitation:
    invitation = _pending_invitation(invitation, by)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    record(
        organisation=invitation.organisation,
        actor=by.user,
        action=AuditAction.INVITATION_CANCEL,
        target=f"invitation:{invitation.pk}",
        detail={"role": invitation.role},
        request=request,
    )
    return invitation


def find_open_invitation(token: str) -> Invitation:
    """The invitation behind a link, or a ValidationError saying plainly why it cannot be used."""
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise ValidationError("This invitation link is not valid. Please ask for a new one.")
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation link has already been used. You can sign in instead.")
    if invitation.cancelled_at is not None:
        raise ValidationError("This invitation was cancelled. If you expected it, please ask the organisation.")
    if invitation.expires_at <= timezone.now():
        raise ValidationError("This invitation link has expired. Please ask the person who invited you for a new one.")
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, password: str, request: HttpRequest) -> Membership:
    # Lock the row so two clicks on the same link cannot both succeed.
    invitation = find_open_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation link has already been used. You can sign in instead.")
    policy.require(policy.may_join(invitation.accepted_at, invitation.expires_at), "This invitation is closed.")
    membership = _add_member(
        invitation.organisation,
        email=invitation.email,
        display_name=invitation.display_name,
        role=invitation.role,
        password=password,
        by=invitation.invited_by,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if invitation.assign_to is not None:
        _assign(membership, invitation.assign_to, by=invitation.invited_by, request=request)
    return membership


@dataclass(frozen=True)
class AccessEnded:
    """What ending someone's access changed: told to the admin and kept in the audit entry."""

    assignments_ended: list[int]
    handed_over: dict[int, int]  # client membership -> the supporter who took them on
    tokens_revoked: list[int]
    openings_ended: list[int]
    invitations_cancelled: list[int]

    def detail(self) -> dict[str, object]:
        return {
            "assignments_ended": self.assignments_ended,
            "handed_over": {str(client): supporter for client, supporter in self.handed_over.items()},
            "tokens_revoked": self.tokens_revoked,
            "openings_ended": self.openings_ended,
            "invitations_cancelled": self.invitations_cancelled,
        }


def _tell_client_of_handover(assignment: Assignment, leaving: Membership, request: HttpRequest | None) -> None:
    """Email after commit; their home page also names who walks alongside them now."""
    client = assignment.client
    link = reverse("home:my_journey")
    context = {
        "client": client,
        "new": assignment.supporter if assignment.supporter_id != leaving.pk else None,
        "leaving": leaving,
        "link": request.build_absolute_uri(link) if request else link,
    }
    message = render_to_string("accounts/email/handover.txt", context)

    def send() -> None:
        send_mail(
            subject="Your peer supporter at Alongside has changed",
            message=message,
            from_email=None,
            recipient_list=[client.user.email],
        )

    transaction.on_commit(send, robust=True)


def _hand_over(
    leaving: Membership, takers: Mapping[int, Membership | None], *, by: User, request: HttpRequest | None
) -> tuple[list[int], dict[int, int]]:
    """End every open assignment of ``leaving``; a leaving supporter's clients go to whom the admin chose."""
    ended, handed_over = [], {}
    open_assignments = Assignment.objects.filter(Q(client=leaving) | Q(supporter=leaving), ended_at__isnull=True)
    for assignment in open_assignments.select_related("client__organisation", "client__user"):
        _end_assignment(assignment, by=by, request=request)
        ended.append(assignment.pk)
        if assignment.supporter_id != leaving.pk:
            continue  # a client leaving: their supporters simply stop
        taker = takers.get(assignment.client_id)
        if taker is not None:
            new = _assign(assignment.client, taker, by=by, request=request, handed_over_from=leaving)
            handed_over[assignment.client_id] = taker.pk
            _tell_client_of_handover(new, leaving, request)
        else:
            _tell_client_of_handover(assignment, leaving, request)
    return ended, handed_over


@transaction.atomic
def end_access(
    member: Membership,
    *,
    by: User,
    request: HttpRequest | None = None,
    takers: Mapping[int, Membership | None] | None = None,
) -> AccessEnded:
    """Everything an admin's deactivation and a client's own account closure share.

    The membership stops (sign-in and every session through it end: ``CurrentMembershipMiddleware``),
    its assignments end, handing a supporter's clients over to ``takers``, its API tokens and open
    emergency openings (by them, or of their record) end, and invitations that would match new clients
    with them are cancelled. Only an admin of the organisation, or the person themselves, may do this.
    """
    actor = policy.member_of(by, member.organisation_id)
    policy.require(policy.may_end_access(actor, member), "You cannot end this person's access.")
    member = Membership.objects.select_for_update().select_related("organisation", "user").get(pk=member.pk)
    member.is_active = False
    member.save(update_fields=["is_active"])
    now = timezone.now()
    ended, handed_over = _hand_over(member, takers or {}, by=by, request=request)
    tokens = ApiToken.objects.filter(membership=member, revoked_at__isnull=True)
    token_ids = list(tokens.values_list("pk", flat=True))
    tokens.update(revoked_at=now, revoked_by=by)
    openings = BreakGlass.objects.open().filter(Q(opened_by=member) | Q(client=member))
    opening_ids = list(openings.values_list("pk", flat=True))
    openings.update(ended_at=now, ended_by=by)
    invitations = Invitation.objects.pending().filter(assign_to=member)
    invitation_ids = list(invitations.values_list("pk", flat=True))
    invitations.update(cancelled_at=now)
    result = AccessEnded(ended, handed_over, token_ids, opening_ids, invitation_ids)
    record(
        organisation=member.organisation,
        actor=by,
        action=AuditAction.MEMBER_DEACTIVATE,
        target=f"member:{member.pk}",
        detail=result.detail(),
        request=request,
    )
    return result


@transaction.atomic
def deactivate_member(
    member: Membership,
    *,
    by: Membership,
    takers: Mapping[int, Membership | None],
    request: HttpRequest | None = None,
) -> AccessEnded:
    """An admin offboards someone; ``takers`` names, for each of a supporter's clients, who takes them on."""
    if not policy.can_deactivate(by, member):
        raise ValidationError("You cannot end this person's access.")
    clients = set(
        Assignment.objects.filter(supporter=member, ended_at__isnull=True).values_list("client_id", flat=True)
    )
    if missing := clients - set(takers):
        raise ValidationError(f"Please choose who takes on each person ({len(missing)} without a choice).")
    if any(taker is not None and not policy.can_take_over(taker, member) for taker in takers.values()):
        raise ValidationError("Only another active peer supporter of the organisation can take someone on.")
    return end_access(member, by=by.user, request=request, takers=takers)


@transaction.atomic
def reactivate_member(member: Membership, *, by: Membership, request: HttpRequest | None = None) -> Membership:
    """Access back, without what ended with it: assignments, tokens and openings stay ended."""
    if not policy.can_reactivate(by, member):
        raise ValidationError("This person's access cannot be given back here.")
    member.is_active = True
    member.save(update_fields=["is_active"])
    record(
        organisation=member.organisation,
        actor=by.user,
        action=AuditAction.MEMBER_REACTIVATE,
        target=f"member:{member.pk}",
        request=request,
    )
    return member


# --- Two-step sign-in --------------------------------------------------------------------------------

RECOVERY_CODES = 10
RECOVERY_CODE_LENGTH = 12
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper
RECOVERY_DEVICE_NAME = "Recovery codes"


def _record_two_factor(member: Membership, action: AuditAction, request: HttpRequest, **detail: object) -> None:
    record(
        organisation=member.organisation,
        actor=member.user,
        action=action,
        target=f"user:{member.user_id}",
        detail=detail,
        request=request,
    )


@transaction.atomic
def start_two_factor(user: User, *, request: HttpRequest) -> TOTPDevice:
    """The authenticator secret to show as a QR code: a new one, or the one an unfinished setup left."""
    allowed = policy.may_set_up_two_factor(user, user.pk, password_confirmed=reauth.recently_confirmed(request))
    policy.require(allowed, "Please confirm your password before setting up two-step sign-in.")
    unconfirmed = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return unconfirmed or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def turn_on_two_factor(device: TOTPDevice, *, user: User, request: HttpRequest) -> None:
    """The first right code turns the authenticator on: from now on every sign-in to this account asks for a
    code (``RequireTwoFactorMiddleware``). Audited in every organisation the person belongs to; someone who
    belongs to none has no log to write to."""
    allowed = policy.may_set_up_two_factor(user, device.user_id, password_confirmed=reauth.recently_confirmed(request))
    policy.require(allowed, "Please confirm your password before setting up two-step sign-in.")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    for member in Membership.objects.filter(user=user, is_active=True).select_related("organisation", "user"):
        _record_two_factor(member, AuditAction.TWO_FACTOR_ENABLE, request)


@transaction.atomic
def make_recovery_codes(member: Membership, *, request: HttpRequest) -> list[str]:
    """New single-use codes for when the phone is lost; the previous ones stop working. Shown once:
    django-otp keeps them to compare, and they are never displayed again."""
    allowed = policy.may_set_up_two_factor(
        member.user, member.user_id, password_confirmed=reauth.recently_confirmed(request)
    )
    policy.require(allowed, "Please confirm your password before making new recovery codes.")
    device, _ = StaticDevice.objects.get_or_create(user=member.user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH)) for _ in range(RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    _record_two_factor(member, AuditAction.TWO_FACTOR_RECOVERY_CODES, request, codes=len(codes))
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_DEVICE_NAME).count()


@transaction.atomic
def use_recovery_code(member: Membership, code: str, *, request: HttpRequest) -> StaticDevice | None:
    """The device whose code matched (the code is used up), or None. Locked so a code works only once."""
    policy.require(policy.is_own_account(request.user, member), "Only the account's owner uses its recovery codes.")  # type: ignore[arg-type]
    device = StaticDevice.objects.select_for_update().filter(user=member.user, name=RECOVERY_DEVICE_NAME).first()
    if device is None or not device.verify_token(code):
        return None
    _record_two_factor(member, AuditAction.TWO_FACTOR_RECOVERY_CODE_USED, request, left=device.token_set.count())
    return device
