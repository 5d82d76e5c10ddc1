"""Every change to organisations, people, roles, assignments and invitations goes through these functions: each
asks the policy, writes, and audits the change in one transaction; mail leaves only once that transaction has
committed. Ending someone's access is in ``offboarding``, two-step sign-in in ``two_factor``."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from alongside import policy
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.reports import tallies

from ..models import Assignment, Invitation, Membership, Organisation, Role, User

INVITATION_TEMPLATE = "accounts/email/invitation.txt"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_organisation(name: str, slug: str, *, by: Membership | None = None) -> Organisation:
    """A new tenant, from the command line (``alongside createorg``): no page creates one."""
    policy.require(policy.is_command_line(by), gettext("Organisations are created on the server's command line."))
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
    policy.require(policy.is_command_line(by), gettext("People join an organisation through an invitation."))
    return _add_member(organisation, email=email, display_name=display_name, role=role, password=password, by=by)


def _add_member(
    organisation: Organisation, *, email: str, display_name: str, role: str, password: str | None, by: User | None
) -> Membership:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, display_name=display_name)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            gettext("%(email)s already belongs to %(organisation)s.") % {"email": email, "organisation": organisation}
        )
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
    policy.require(
        policy.may_assign(actor, client, supporter), gettext("Only an admin can match people with a supporter.")
    )
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
        raise ValidationError(gettext("Only a client can be assigned, and only to a peer supporter."))
    if not (client.is_active and supporter.is_active):
        raise ValidationError(gettext("Only people who still have access can be matched."))
    if client.organisation_id != supporter.organisation_id:
        raise ValidationError(gettext("The client and the supporter must belong to the same organisation."))
    if Assignment.objects.filter(client=client, supporter=supporter, ended_at__isnull=True).exists():
        raise ValidationError(
            gettext("%(supporter)s already walks alongside %(client)s.")
            % {"supporter": supporter.user, "client": client.user}
        )
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
    policy.require(
        policy.may_end_assignment(actor, assignment.organisation_id), gettext("Only an admin can end a match.")
    )
    _end_assignment(assignment, by=by, request=request)


def _end_assignment(assignment: Assignment, *, by: User, request: HttpRequest | None) -> None:
    if assignment.ended_at is not None:
        raise ValidationError(gettext("This assignment has already ended."))
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
    language: str = "",
) -> Invitation:
    """Email a single-use link. A supporter's invitee is assigned to that supporter on acceptance.

    ``language``: the email's language, chosen by the person inviting (blank: the language they are using now);
    it becomes the new account's language."""
    policy.require(
        policy.may_invite_to(by, organisation.pk, role), gettext("You cannot invite someone with this role.")
    )
    email = email.strip().lower()
    existing = Membership.objects.filter(organisation=organisation, user__email__iexact=email).first()
    if existing is not None and not existing.is_active:
        raise ValidationError(
            gettext("%(email)s belonged to %(organisation)s; an admin can give their access back on their page.")
            % {"email": email, "organisation": organisation}
        )
    if existing is not None:
        raise ValidationError(
            gettext("%(email)s already belongs to %(organisation)s.") % {"email": email, "organisation": organisation}
        )
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
        language=language if language in dict(settings.LANGUAGES) else translation.get_language() or "",
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
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        message = render_to_string("accounts/email/invitation.txt", context)
        subject = gettext("You are invited to %(organisation)s on Alongside") % {
            "organisation": invitation.organisation
        }

    def send() -> None:
        send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=[invitation.email],
        )

    transaction.on_commit(send, robust=True)


def _pending_invitation(invitation: Invitation, by: Membership) -> Invitation:
    """The invitation locked for a change, or a ValidationError when it is no longer pending."""
    if not (policy.can_manage_invitations(by) and invitation.organisation_id == by.organisation_id):
        raise ValidationError(gettext("Only an admin of the organisation can change its invitations."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(gettext("%(email)s has already accepted this invitation.") % {"email": invitation.email})
    if invitation.cancelled_at is not None:
        raise ValidationError(
            gettext("The invitation for %(email)s was already cancelled.") % {"email": invitation.email}
        )
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
        raise ValidationError(gettext("This invitation link is not valid. Please ask for a new one."))
    if invitation.accepted_at is not None:
        raise ValidationError(gettext("This invitation link has already been used. You can sign in instead."))
    if invitation.cancelled_at is not None:
        raise ValidationError(
            gettext("This invitation was cancelled. If you expected it, please ask the organisation.")
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            gettext("This invitation link has expired. Please ask the person who invited you for a new one.")
        )
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, password: str, request: HttpRequest) -> Membership:
    # Lock the row so two clicks on the same link cannot both succeed.
    invitation = find_open_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(gettext("This invitation link has already been used. You can sign in instead."))
    policy.require(
        policy.may_join(invitation.accepted_at, invitation.expires_at), gettext("This invitation is closed.")
    )
    membership = _add_member(
        invitation.organisation,
        email=invitation.email,
        display_name=invitation.display_name,
        role=invitation.role,
        password=password,
        by=invitation.invited_by,
    )
    if invitation.language and not membership.user.language:  # a new account reads Alongside as it was invited
        membership.user.language = invitation.language
        membership.user.save(update_fields=["language"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if invitation.assign_to is not None:
        _assign(membership, invitation.assign_to, by=invitation.invited_by, request=request)
    return membership
