"""Every sign-in, failed sign-in and sign-out goes to the security log (never the password)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import reauth
from .middleware import TWO_FACTOR_ON_KEY, note_membership_at_sign_in

security_log = logging.getLogger("alongside.security")


def _address(request: HttpRequest | None) -> str:
    return (request.META.get("REMOTE_ADDR") if request else None) or "unknown"


@receiver(user_logged_in)
def log_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    security_log.info("Sign-in succeeded for user %s from %s", user.pk, _address(request))
    if request is not None and hasattr(request, "session"):
        reauth.mark_confirmed(request)  # the password was just given: it counts for the next few minutes
        note_membership_at_sign_in(request, user)
        # Noted once here rather than looked up on every page: whoever has an authenticator must use it.
        request.session[TWO_FACTOR_ON_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@receiver(user_login_failed)
def log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_log.warning("Sign-in failed for %r from %s", credentials.get("username", ""), _address(request))


@receiver(user_logged_out)
def log_sign_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    security_log.info("Sign-out of user %s", getattr(user, "pk", None))
