"""Thin views: the client's own page (read, edit, history) and a supporter's view of it. Each asks the policy
gateway first; reads are audited there as reads of the profile, the consent area this page is shared under."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from alongside import policy
from alongside.policy import Area, Verb
from alongside.web import AuthenticatedRequest

from . import actions, queries
from .forms import SupportPreferencesForm

STALE = (
    "This page was saved from another window since you opened it. How it reads now is shown below; "
    "everything you wrote here is still in the boxes, and saving again keeps it."
)


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    client = policy.own_record(request, Verb.READ, Area.PROFILE)
    preferences = queries.preferences_of(client)
    context = {"preferences": preferences, "parts": queries.shown(preferences), "notified": queries.notified(client)}
    return render(request, "support/mine.html", context)


@login_required
def edit(request: AuthenticatedRequest) -> HttpResponse:
    verb = Verb.WRITE if request.method == "POST" else Verb.READ
    client = policy.own_record(request, verb, Area.PROFILE)
    preferences = queries.preferences_of(client)
    initial = actions.wording_of(preferences) | {"version": preferences.version if preferences else None}
    form = SupportPreferencesForm(request.POST or None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_preferences(
                client, form.wording(), expected_version=form.cleaned_data["version"], by=client, request=request
            )
        except actions.StaleEdit as stale:
            current = queries.shown(stale.current)
            data = request.POST.copy()
            data["version"] = str(stale.current.version)
            form = SupportPreferencesForm(data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved. Your supporters will see it at the top of your record.")
            return redirect("support:my_support")
    context = {"form": form, "current": current, "stale": STALE, "notified": queries.notified(client)}
    return render(request, "support/edit.html", context, status=400 if form.errors else 200)


@login_required
def history(request: AuthenticatedRequest) -> HttpResponse:
    client = policy.own_record(request, Verb.READ, Area.PROFILE)
    return render(request, "support/history.html", {"versions": queries.versions_of(queries.preferences_of(client))})


@login_required
def client_page(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """A supporter's (or someone the client shares with) view of the whole page, audited as ``read.profile``."""
    client = policy.client_for(request, client_id, Verb.READ, Area.PROFILE)
    preferences = queries.preferences_of(client)
    context = {
        "client": client,
        "preferences": preferences,
        "parts": queries.shown(preferences),
        "notified": queries.notified(client),
    }
    return render(request, "support/client.html", context)
