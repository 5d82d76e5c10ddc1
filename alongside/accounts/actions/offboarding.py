"""Ending someone's access (an admin's offboarding, a client closing their own account) and giving it back:
each asks the policy, writes, and audits in one transaction; the client hears of a handover after commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from alongside import policy
from alongside.accounts.actions import _assign, _end_assignment  # package-private: a handover is an assignment
from alongside.accounts.models import Assignment, Invitation, Membership, User
from alongside.api.models import ApiToken
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.consent.models import BreakGlass
from alongside.supervision.models import IndicatorShare, Pairing


@dataclass(frozen=True)
class AccessEnded:
    """What ending someone's access changed: told to the admin and kept in the audit entry."""

    assignments_ended: list[int]
    handed_over: dict[int, int]  # client membership -> the supporter who took them on
    tokens_revoked: list[int]
    openings_ended: list[int]
    invitations_cancelled: list[int]
    supervision_ended: list[int]  # pairings as supervisor or as peer; their indicator shares end with them

    def detail(self) -> dict[str, object]:
        return {
            "assignments_ended": self.assignments_ended,
            "handed_over": {str(client): supporter for client, supporter in self.handed_over.items()},
            "tokens_revoked": self.tokens_revoked,
            "openings_ended": self.openings_ended,
            "invitations_cancelled": self.invitations_cancelled,
            "supervision_ended": self.supervision_ended,
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
    with translation.override(client.user.language or settings.LANGUAGE_CODE):
        message = render_to_string("accounts/email/handover.txt", context)
        subject = gettext("Your peer supporter at Alongside has changed")

    def send() -> None:
        send_mail(
            subject=subject,
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
    its assignments end, handing a supporter's clients over to ``takers``, its API tokens, open emergency
    openings (by them, or of their record) and supervision pairings end, and invitations that would match new
    clients with them are cancelled. Only an admin of the organisation, or the person themselves, may do this.
    """
    actor = policy.member_of(by, member.organisation_id)
    policy.require(policy.may_end_access(actor, member), gettext("You cannot end this person's access."))
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
    pairings = Pairing.objects.filter(Q(supervisor=member) | Q(peer=member), ended_at__isnull=True)
    pairing_ids = list(pairings.values_list("pk", flat=True))
    IndicatorShare.objects.filter(pairing_id__in=pairing_ids, revoked_at__isnull=True).update(revoked_at=now)
    pairings.update(ended_at=now, ended_by=by)
    result = AccessEnded(ended, handed_over, token_ids, opening_ids, invitation_ids, pairing_ids)
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
        raise ValidationError(gettext("You cannot end this person's access."))
    clients = set(
        Assignment.objects.filter(supporter=member, ended_at__isnull=True).values_list("client_id", flat=True)
    )
    if missing := clients - set(takers):
        raise ValidationError(
            ngettext(
                "Please choose who takes on each person (%(count)s without a choice).",
                "Please choose who takes on each person (%(count)s without a choice).",
                len(missing),
            )
            % {"count": len(missing)}
        )
    if any(taker is not None and not policy.can_take_over(taker, member) for taker in takers.values()):
        raise ValidationError(gettext("Only another active peer supporter of the organisation can take someone on."))
    return end_access(member, by=by.user, request=request, takers=takers)


@transaction.atomic
def reactivate_member(member: Membership, *, by: Membership, request: HttpRequest | None = None) -> Membership:
    """Access back, without what ended with it: assignments, tokens and openings stay ended."""
    if not policy.can_reactivate(by, member):
        raise ValidationError(gettext("This person's access cannot be given back here."))
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
