"""Thin views: the client's own page (read, edit, history) and a supporter's view of it. Each asks the policy
gateway first; reads are audited there as reads of the profile, the consent area this page is shared under."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside import policy, versioned
from alongside.policy import Area, Verb
from alongside.web import AuthenticatedRequest

from . import actions, queries
from .forms import SupportPreferencesForm
from .models import SupportPreferences

STALE = gettext_lazy(
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

    def save(wording: dict[str, Any], version: int | None) -> object:
        return actions.save_preferences(client, wording, expected_version=version, by=client, request=request)

    done = versioned.edit(request, SupportPreferencesForm, SupportPreferences, queries.preferences_of(client), save)
    if done.saved:
        messages.success(request, _("Saved. Your supporters will see it at the top of your record."))
        return redirect("support:my_support")
    current = queries.shown(done.stale) if done.stale else None  # type: ignore[arg-type]
    context = {"form": done.form, "current": current, "stale": STALE, "notified": queries.notified(client)}
    return render(request, "support/edit.html", context, status=400 if done.form.errors else 200)


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
