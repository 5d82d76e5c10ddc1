"""Setting a signal aside, and the organisation's worklist settings. The worklist itself is shown on the
supporter's home and the team view (home/views.py, through ``queries.worklist_for``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from alongside import policy
from alongside.web import acting

from . import actions
from .forms import DismissForm, SettingsForm
from .models import WorklistSettings
from .queries import signals_of
from .signals import Kind


def _kind(value: object) -> Kind:
    try:
        return Kind(str(value))
    except ValueError:
        raise Http404("No such signal.") from None


@login_required
def dismiss(request: HttpRequest, client_id: int) -> HttpResponse:
    """Set one signal aside with a reason. Only the person's assigned supporter; everyone else gets 404."""
    data = request.POST if request.method == "POST" else request.GET
    kind, fact = _kind(data.get("kind")), str(data.get("fact", ""))
    client, supporter = policy.supporter_for(request, client_id, kind.area)
    signal = next((found for found in signals_of(client) if found.kind == kind and found.fact == fact), None)
    form = DismissForm(request.POST or None)
    if signal is not None and request.method == "POST" and form.is_valid():
        try:
            actions.dismiss(
                client, kind=kind, fact=fact, reason=form.cleaned_data["reason"], by=supporter, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Set aside. It comes back if something new happens for %(name)s.")
                % {"name": client.user.display_name},
            )
            return redirect("home:my_people")
    return render(
        request, "worklist/dismiss.html", {"client": client, "signal": signal, "form": form, "kind": kind, "fact": fact}
    )


@login_required
def settings(request: HttpRequest) -> HttpResponse:
    admin = acting(request)
    if not policy.can_manage_organisation(admin):
        raise Http404
    current = WorklistSettings.for_organisation(admin.organisation_id)
    initial = {"no_contact_days": current.no_contact_days, "checkin_overdue_days": current.checkin_overdue_days}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.change_settings(admin.organisation, **form.cleaned_data, by=admin, request=request)
        messages.success(request, gettext("Saved. Worklists use the new numbers from now on."))
        return redirect("worklist:settings")
    return render(request, "worklist/settings.html", {"form": form})
