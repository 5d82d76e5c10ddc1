"""Every change to people, roles and assignments goes through these functions, which also audit it."""

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

from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.reports import tallies

from .models import Assignment, Invitation, Membership, Organisation, Role, User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_organisation(name: str, slug: str) -> Organisation:
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
    """Create the user if needed and give them ``role`` in ``organisation``."""
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
    if client.role != Role.CLIENT or supporter.role != Role.SUPPORTER:
        raise ValidationError("Only a client can be assigned, and only to a peer supporter.")
    if client.organisation_id != supporter.organisation_id:
        raise ValidationError("The client and the supporter must belong to the same organisation.")
    if Assignment.objects.filter(client=client, supporter=supporter, ended_at__isnull=True).exists():
        raise ValidationError(f"{supporter.user} already walks alongside {client.user}.")
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
    send_mail(
        subject=f"You are invited to {organisation} on Alongside",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
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
    membership = add_member(
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
        assign(membership, invitation.assign_to, by=invitation.invited_by, request=request)
    return membership


@transaction.atomic
def deactivate_member(membership: Membership, *, by: User, request: HttpRequest | None = None) -> None:
    """Removing someone from an organisation ends their assignments there at once."""
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    open_assignments = Assignment.objects.filter(Q(client=membership) | Q(supporter=membership), ended_at__isnull=True)
    for assignment in open_assignments.select_related("client__organisation"):
        end_assignment(assignment, by=by, request=request)
    record(
        organisation=membership.organisation,
        actor=by,
        action=AuditAction.MEMBER_DEACTIVATE,
        target=f"member:{membership.pk}",
        request=request,
    )
