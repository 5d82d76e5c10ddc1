"""Creating and revoking API tokens. Each change is audited; the token itself is never stored or logged."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from alongside import policy
from alongside.accounts.actions import hash_token
from alongside.accounts.models import Membership, User
from alongside.audit.actions import AuditAction
from alongside.audit.log import record

from .models import ApiToken

TOKEN_PREFIX = "alng_"  # noqa: S105 - a public marker, not a secret
MAX_VALID_DAYS = 365


def new_secret() -> str:
    """A recognisable prefix (for secret scanners) and 256 random bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def create_token(membership: Membership, *, name: str, valid_days: int, request: HttpRequest) -> tuple[ApiToken, str]:
    """Make a token acting as ``membership``; returns it with the secret, which the caller shows once."""
    policy.require(policy.can_hold_api_token(membership), gettext("Only staff can hold API tokens."))
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError(gettext("A token can be valid for 1 to %(days)s days.") % {"days": MAX_VALID_DAYS})
    secret = new_secret()
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                organisation_id=membership.organisation_id,
                membership=membership,
                name=name,
                token_hash=hash_token(secret),
                created_by=membership.user,
                expires_at=timezone.now() + timedelta(days=valid_days),
            )
    except IntegrityError:
        raise ValidationError(
            gettext("You already have a token called “%(name)s”. Choose another name.") % {"name": name}
        ) from None
    record(
        organisation=membership.organisation,
        actor=membership.user,
        action=AuditAction.API_TOKEN_CREATE,
        target=f"api_token:{token.pk}",
        detail={"acts_as": membership.pk, "valid_days": valid_days},
        request=request,
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, by: User, request: HttpRequest) -> None:
    """Takes effect on the very next request made with the token."""
    actor = policy.member_of(by, token.organisation_id)
    allowed = policy.may_revoke_token(actor, token.membership_id, token.organisation_id)
    policy.require(allowed, gettext("Only the token's holder or an admin can revoke it."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(gettext("This token has already been revoked."))
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    record(
        organisation=token.membership.organisation,
        actor=by,
        action=AuditAction.API_TOKEN_REVOKE,
        target=f"api_token:{token.pk}",
        detail={"acts_as": token.membership_id},
        request=request,
    )
