"""Per-request account state: which membership is acting, idle sign-out, and staff two-factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from alongside import policy
from alongside.web import AuthenticatedRequest, acting

from .models import Membership

Handler = Callable[[HttpRequest], HttpResponse]
ACTIVE_MEMBERSHIP_KEY = "alongside_membership"
LAST_SEEN_KEY = "alongside_last_seen"
SIGNED_IN_AT_KEY = "alongside_signed_in_at"
LAST_SEEN_PRECISION_SECONDS = 60


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the user acts through: the one they chose, else their first active one."""
    if not request.user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("organisation").filter(user=request.user, is_active=True)
    chosen = request.session.get(ACTIVE_MEMBERSHIP_KEY)
    membership = (chosen and memberships.filter(pk=chosen).first()) or memberships.order_by("pk").first()
    if membership is not None:
        membership.user = request.user  # signed in: loaded already, so no second query for it
    return membership


class CurrentMembershipMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: AuthenticatedRequest) -> HttpResponse:
        request.membership = current_membership(request)
        return self.get_response(request)


def note_activity(request: HttpRequest, now: float, *, always: bool = False) -> None:
    """Move the idle clock. Saving the session is a write, so it moves only once a minute (sooner when
    the idle limit itself is short), unless the person just asked to stay signed in."""
    precision = min(LAST_SEEN_PRECISION_SECONDS, settings.SESSION_IDLE_TIMEOUT // 10)
    if always or now - request.session.get(LAST_SEEN_KEY, 0) >= precision:
        request.session[LAST_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Sign out after a period without activity, and in any case some hours after signing in.

    The absolute limit is kept here because the session cookie's own expiry moves forward on every save.
    The last activity is noted to the minute, so most requests do not write the session at all.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            idle = now - session.get(LAST_SEEN_KEY, now) > settings.SESSION_IDLE_TIMEOUT
            too_long = now - session.setdefault(SIGNED_IN_AT_KEY, now) > settings.SESSION_COOKIE_AGE
            if idle or too_long:
                logout(request)
                reason = "you were away for a while" if idle else "it has been a long time since you signed in"
                messages.info(request, f"You were signed out because {reason}. Please sign in again.")
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            note_activity(request, now)
        return self.get_response(request)


TWO_FACTOR_EXEMPT_PREFIXES = ("/account/two-factor/", "/account/logout/", "/static/", "/healthz")


class RequireStaffTwoFactorMiddleware:
    """People in staff roles see client data, so they must pass a second factor first."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        needs_check = (
            settings.REQUIRE_STAFF_TWO_FACTOR
            and policy.needs_second_factor(acting(request))
            and not request.user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        )
        if needs_check:
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
