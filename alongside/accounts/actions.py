"""Every change to people, roles, assignments and sign-in goes through these functions: each asks the policy,
writes, and audits the change in one transaction; mail leaves only once that transaction has committed."""

from __future__ import annotations

import hashlib
import secrets
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
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside import policy
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
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
    _check_pair(client, supporter)
    actor = policy.member_of(by, client.organisation_id)
    policy.require(policy.may_assign(actor, client, supporter), "Only an admin can match people with a supporter.")
    return _assign(client, supporter, by=by, request=request)


def _check_pair(client: Membership, supporter: Membership) -> None:
    if client.role != Role.CLIENT or supporter.role != Role.SUPPORTER:
        raise ValidationError("Only a client can be assigned, and only to a peer supporter.")
    if client.organisation_id != supporter.organisation_id:
        raise ValidationError("The client and the supporter must belong to the same organisation.")
    if Assignment.objects.filter(client=client, supporter=supporter, ended_at__isnull=True).exists():
        raise ValidationError(f"{supporter.user} already walks alongside {client.user}.")


def _assign(client: Membership, supporter: Membership, *, by: User, request: HttpRequest | None) -> Assignment:
    with tallies.kept(client.pk):  # the dashboard counts clients with an assignment
        assignment = Assignment.objects.create(
            organisation_id=client.organisation_id, client=client, supporter=supporter, started_by=by
        )
    record(
        organisation=client.organisation,
        actor=by,
        action=AuditAction.ASSIGNMENT_START,
        client=client,
        target=f"assignment:{assignment.pk}",
        detail={"supporter": supporter.pk},
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
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
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
    link = request.build_absolute_uri(reverse("accept_invitation", args=[token]))
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS}
    subject, message = f"You are invited to {organisation} on Alongside", render_to_string(INVITATION_TEMPLATE, context)

    def send() -> None:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])

    transaction.on_commit(send)  # a rolled-back invitation must not send a link that does not work
    record(
        organisation=organisation,
        actor=by.user,
        action=AuditAction.INVITATION_SEND,
        target=f"invitation:{invitation.pk}",
        detail={"role": role},
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
        _check_pair(membership, invitation.assign_to)
        _assign(membership, invitation.assign_to, by=invitation.invited_by, request=request)
    return membership


@transaction.atomic
def deactivate_member(membership: Membership, *, by: User, request: HttpRequest | None = None) -> None:
    """Removing someone from an organisation ends their assignments there at once."""
    actor = policy.member_of(by, membership.organisation_id)
    policy.require(policy.may_deactivate(actor, membership), "Only an admin can remove someone from the organisation.")
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    open_assignments = Assignment.objects.filter(Q(client=membership) | Q(supporter=membership), ended_at__isnull=True)
    for assignment in open_assignments.select_related("client__organisation"):
        _end_assignment(assignment, by=by, request=request)
    record(
        organisation=membership.organisation,
        actor=by,
        action=AuditAction.MEMBER_DEACTIVATE,
        target=f"member:{membership.pk}",
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
def confirm_two_factor(device: TOTPDevice, *, user: User, request: HttpRequest) -> None:
    """The first right code turns the authenticator on; every organisation the person belongs to can see that."""
    allowed = policy.may_set_up_two_factor(user, device.user_id, password_confirmed=reauth.recently_confirmed(request))
    policy.require(allowed, "Please confirm your password before setting up two-step sign-in.")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    for membership in Membership.objects.filter(user=user, is_active=True).select_related("organisation"):
        record(
            organisation=membership.organisation,
            actor=user,
            action=AuditAction.TWO_FACTOR_ENABLE,
            target=f"member:{membership.pk}",
            request=request,
        )
