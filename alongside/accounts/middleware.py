"""Per-request account state: which membership is acting, ended access, idle sign-out, and two-step sign-in."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alongside import policy
from alongside.web import AuthenticatedRequest, acting

from .models import Membership, User

Handler = Callable[[HttpRequest], HttpResponse]
ACTIVE_MEMBERSHIP_KEY = "alongside_membership"
LAST_SEEN_KEY = "alongside_last_seen"
SIGNED_IN_AT_KEY = "alongside_signed_in_at"
TWO_FACTOR_ON_KEY = "alongside_two_factor_on"  # set at sign-in: this account has a confirmed authenticator
ACCESS_ENDED = (
    "Your access to Alongside has ended, so you have been signed out. "
    "If you think this is a mistake, please contact your organisation."
)
LAST_SEEN_PRECISION_SECONDS = 60


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the session acts through (noted at sign-in), else the user's first active one.

    A session whose membership was deactivated gets none, rather than falling back to another organisation.
    """
    if not request.user.is_authenticated:
        return None
    memberships = active_memberships(request.user)
    if chosen := request.session.get(ACTIVE_MEMBERSHIP_KEY):
        return next((membership for membership in memberships if membership.pk == chosen), None)
    return memberships[0] if memberships else None


def active_memberships(user: User) -> list[Membership]:
    """The person's active memberships, oldest first: as the authentication backend read them with the person
    on this request, or read now (a person signed in during this request, or through another backend)."""
    loaded = getattr(user, "active_memberships", None)
    if loaded is not None:
        return loaded
    memberships = list(
        Membership.objects.select_related("organisation").filter(user=user, is_active=True).order_by("pk")
    )
    for membership in memberships:
        membership.user = user  # signed in: loaded already, so no second query for it
    return memberships


def note_membership_at_sign_in(request: HttpRequest, user: User) -> None:
    """Tie the new session to one membership, so deactivating that membership ends the session."""
    first = Membership.objects.filter(user=user, is_active=True).order_by("pk").values_list("pk", flat=True).first()
    if first is not None:
        request.session[ACTIVE_MEMBERSHIP_KEY] = first


class PersonLanguageMiddleware:
    """Pages in the language the signed-in person chose, on any device; LocaleMiddleware (the browser's
    language, or the footer's choice before signing in) decides for everyone else and for those yet to choose."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.user.language if request.user.is_authenticated else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class CurrentMembershipMiddleware:
    """Puts the acting membership on the request, and signs out a session whose access has ended."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: AuthenticatedRequest) -> HttpResponse:
        membership = current_membership(request)
        if membership is None and request.user.is_authenticated and request.user.memberships.exists():
            logout(request)
            messages.error(request, ACCESS_ENDED)
            return redirect("accounts:login")
        request.membership = membership
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
                if idle:
                    messages.info(
                        request, _("You were signed out because you were away for a while. Please sign in again.")
                    )
                else:
                    messages.info(
                        request,
                        _(
                            "You were signed out because it has been a long time since you signed in. "
                            "Please sign in again."
                        ),
                    )
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            note_activity(request, now)
        return self.get_response(request)


TWO_FACTOR_EXEMPT_PREFIXES = ("/account/two-factor/", "/account/logout/", "/static/", "/healthz")


def two_factor_required(request: HttpRequest) -> bool:
    """Whether the policy holds this person to a second step (noted at sign-in: whether they turned it on)."""
    return policy.needs_second_factor(acting(request), turned_on=bool(request.session.get(TWO_FACTOR_ON_KEY)))


class RequireTwoFactorMiddleware:
    """No page until the second step is passed, for everyone it applies to (``two_factor_required``)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        needs_check = (
            two_factor_required(request)
            and not request.user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        )
        if needs_check:
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
