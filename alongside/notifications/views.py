"""The Notifications page: every person, whatever their role, chooses what they are told and when."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.web import acting

from . import actions
from .choices import choices_of
from .forms import PreferencesForm
from .kinds import kinds_for


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    member = acting(request)
    if member is None:
        raise Http404
    kinds = kinds_for(member)
    if not kinds:  # supervisors and admins: nothing to choose yet, so no form to fill in
        return render(request, "notifications/preferences.html", {"form": None})
    chosen = choices_of(member)
    initial = asdict(chosen) | {"kinds": sorted(chosen.kinds)}
    form = PreferencesForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_preferences(member, form.cleaned_data, by=member, request=request)
        messages.success(request, _("Your choices are saved."))
        return redirect("notifications:preferences")
    status = 400 if form.errors else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
