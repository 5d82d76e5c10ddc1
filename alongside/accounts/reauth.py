"""'Sudo mode': a fresh password before downloads and closing an account (security.md #17).

A stolen, still-open session then cannot carry a whole record away in one click.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

CONFIRMED_AT_KEY = "alongside_password_confirmed_at"


def recently_confirmed(request: HttpRequest) -> bool:
    confirmed_at = request.session.get(CONFIRMED_AT_KEY, 0)
    return time.time() - confirmed_at < settings.REAUTH_MINUTES * 60


def mark_confirmed(request: HttpRequest) -> None:
    request.session[CONFIRMED_AT_KEY] = time.time()


def ask_for_password(request: HttpRequest, then: str | None = None) -> HttpResponseRedirect:
    """Send the person to confirm their password, then back to ``then`` (a GET page; by default this one)."""
    query = urlencode({"next": then or request.get_full_path()})
    return HttpResponseRedirect(f"{reverse('accounts:confirm_password')}?{query}")


View = Callable[..., HttpResponse]


def password_confirmed(view: View) -> View:
    """Ask for the password first unless it was confirmed recently. Put it below the access checks."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not recently_confirmed(request):
            return ask_for_password(request)
        return view(request, *args, **kwargs)

    return wrapper
