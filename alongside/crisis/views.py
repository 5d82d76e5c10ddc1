"""Thin views: the client's own crisis plan and Help now, a reader's view of a shared plan, and the
organisation's crisis lines. Each asks the policy gateway first; reads of the plan are audited there."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alongside import policy, versioned
from alongside.accounts import reauth
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.policy import Area, Verb
from alongside.web import AuthenticatedRequest, acting

from . import actions, queries
from .forms import CrisisLineForm, CrisisPlanForm
from .models import CrisisLine, CrisisPlan

STALE = gettext_lazy(
    "Your crisis plan was saved from another window since you opened this page. How it reads now is shown "
    "below; everything you wrote here is still in the boxes, and saving again keeps it."
)


@login_required
def help_now(request: AuthenticatedRequest) -> HttpResponse:
    """The client's own plan first, then the organisation's crisis lines: one calm page, quick to load."""
    client = policy.own_record(request, Verb.READ, Area.CRISIS)
    plan = queries.plan_of(client)
    context = {"plan": plan, "sections": queries.written(plan), "lines": queries.lines_for(client.organisation_id)}
    return render(request, "crisis/help_now.html", context)


@login_required
def edit(request: AuthenticatedRequest) -> HttpResponse:
    verb = Verb.WRITE if request.method == "POST" else Verb.READ
    client = policy.own_record(request, verb, Area.CRISIS)
    plan = queries.plan_of(client)

    def save(wording: dict[str, Any], version: int | None) -> object:
        return actions.save_plan(client, wording, expected_version=version, by=client, request=request)

    done = versioned.edit(request, CrisisPlanForm, CrisisPlan, plan, save)
    if done.saved:
        messages.success(request, _("Your crisis plan is saved."))
        return redirect("crisis:help_now")
    current = queries.written(done.stale) if done.stale else None  # type: ignore[arg-type]
    context = {"form": done.form, "plan": plan, "current": current, "stale": STALE}
    return render(request, "crisis/edit.html", context, status=400 if done.form.errors else 200)


@login_required
def history(request: AuthenticatedRequest) -> HttpResponse:
    client = policy.own_record(request, Verb.READ, Area.CRISIS)
    return render(request, "crisis/history.html", {"versions": queries.versions_of(queries.plan_of(client))})


@login_required
def download(request: AuthenticatedRequest) -> HttpResponse:
    """The plan as plain text, to keep on a phone or give to someone; the password first, like every download."""
    if not policy.can_get_help_now(acting(request)):
        raise Http404
    if not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)
    client = policy.own_record(request, Verb.READ, Area.CRISIS, action=AuditAction.DOWNLOAD_CRISIS_PLAN)
    plan = queries.plan_of(client)
    context = {
        "client": client,
        "plan": plan,
        "sections": queries.written(plan),
        "lines": queries.lines_for(client.organisation_id),
        "today": timezone.localdate(),
    }
    response = HttpResponse(render_to_string("crisis/plan.txt", context), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-crisis-plan.txt"'
    return response


@login_required
def client_plan(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """A supporter's, or someone the client shared it with, view of the plan (audited as ``read.crisis``)."""
    client = policy.client_for(request, client_id, Verb.READ, Area.CRISIS)
    plan = queries.plan_of(client)
    return render(
        request, "crisis/client_plan.html", {"client": client, "plan": plan, "sections": queries.written(plan)}
    )


# --- The organisation's crisis lines (admins) --------------------------------------------------------------


def _manager(request: AuthenticatedRequest) -> Membership:
    me = acting(request)
    if not policy.can_manage_organisation(me):
        raise Http404
    return me


def _line(request: AuthenticatedRequest, line_id: int) -> tuple[Membership, CrisisLine]:
    """The admin and one of their organisation's lines; 404 for anyone else and any other line."""
    me = _manager(request)
    line = policy.crisis_lines_to_manage(me).filter(pk=line_id).first()
    if line is None:
        raise Http404
    return me, line


@login_required
def lines(request: AuthenticatedRequest) -> HttpResponse:
    me = _manager(request)
    form = CrisisLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_line(form.cleaned_data, by=me, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The crisis line is added. Clients see it on their Help now page."))
            return redirect("crisis:lines")
    own = list(policy.crisis_lines_to_manage(me))
    context = {"lines": own, "form": form, "lifeline": queries.lifeline()}
    return render(request, "crisis/lines.html", context)


@login_required
def line_edit(request: AuthenticatedRequest, line_id: int) -> HttpResponse:
    me, line = _line(request, line_id)
    initial = {name: getattr(line, name) for name in actions.LINE_FIELDS}
    form = CrisisLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_line(line, form.cleaned_data, by=me, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The crisis line is changed."))
            return redirect("crisis:lines")
    return render(request, "crisis/line_edit.html", {"line": line, "form": form})


@login_required
@require_POST
def line_remove(request: AuthenticatedRequest, line_id: int) -> HttpResponse:
    me, line = _line(request, line_id)
    actions.remove_line(line, by=me, request=request)
    messages.success(request, _("The crisis line is removed."))
    return redirect("crisis:lines")
