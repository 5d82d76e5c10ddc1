"""What every app's views may import about the request: who is acting, typed.

It sits below the apps (it imports only ``accounts.models``), so no app has to import another app's views to
learn who is signed in, and ``core`` is no longer at both ends of the import graph.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django_htmx.middleware import HtmxDetails

from alongside.accounts.models import Membership, User


class AuthenticatedRequest(HttpRequest):
    """A request as the middleware leaves it, for views behind ``login_required`` and for the API.

    ``membership`` is the acting membership (``CurrentMembershipMiddleware``, or the API token's holder); it is
    None only for a signed-in person who belongs to no organisation any more, and every policy function treats
    None as "may not".
    """

    user: User
    membership: Membership | None
    htmx: HtmxDetails


def acting(request: HttpRequest) -> Membership | None:
    """The acting membership of any request, signed in or not (None when there is none)."""
    return getattr(request, "membership", None)


def acting_member(request: HttpRequest) -> Membership:
    """The acting membership, for a view that already passed a policy gateway (which refuses anyone without one).

    Raises 404 rather than trusting the caller, so a view that forgot the gateway still fails closed.
    """
    membership = acting(request)
    if membership is None:
        raise Http404
    return membership
