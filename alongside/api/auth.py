"""Bearer-token authentication. A valid token makes the request act as the token's membership.

The request then carries ``user`` and ``membership`` exactly as a signed-in page request does, so every
endpoint asks ``alongside.policy`` (and writes the audit log) through the same gateways as the pages.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import cast

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from alongside.accounts.actions import hash_token
from alongside.accounts.models import Membership, User

from .models import ApiToken

security_log = logging.getLogger("alongside.security")
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenRefused(AuthenticationError):
    """A 401 whose message says plainly why the token does not work."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=401, message=message)


class ApiRequest(HttpRequest):
    """A request that passed ``TokenAuth``: it always acts as the token's holder."""

    user: User
    membership: Membership
    auth: ApiToken


UNKNOWN = "This API token is not recognised. Check that you copied all of it."


def refusal(token: ApiToken) -> str | None:
    """Why ``token`` cannot be used now, or None if it can."""
    if token.revoked_at is not None:
        return "This API token has been revoked. Create a new one on the API tokens page."
    if token.is_expired:
        return f"This API token expired on {token.expires_at:%Y-%m-%d}. Create a new one on the API tokens page."
    member = token.membership
    if not (member.is_active and member.user.is_active and member.organisation_id == token.organisation_id):
        return "The person this API token acts for no longer has access to this organisation."
    return None


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = (
            ApiToken.objects.select_related("membership__user", "membership__organisation")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if found is None:
            raise _refused("unknown", UNKNOWN)
        problem = refusal(found)
        if problem is not None:
            raise _refused(found.pk, problem)
        authenticated = cast(ApiRequest, request)
        authenticated.user = found.membership.user
        authenticated.membership = found.membership
        _note_use(found)
        return found


def _refused(token_id: object, message: str) -> TokenRefused:
    security_log.warning("API token %s refused: %s", token_id, message)
    return TokenRefused(message)


def _note_use(token: ApiToken) -> None:
    """Keep "last used" roughly current without writing a row on every request. Not audited: reads are."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
