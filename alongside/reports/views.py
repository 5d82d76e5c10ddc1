"""Export pages: start an export, watch its progress (htmx polling, or a refresh link), download the file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from alongside import policy
from alongside.accounts import reauth
from alongside.accounts.models import Membership
from alongside.web import AuthenticatedRequest, acting

from . import actions
from .forms import StartExportForm
from .models import Export
from .registry import ExportKind, export_kinds, kinds_for

RECENT_EXPORTS = 20


def export_for(request: AuthenticatedRequest, export_id: int) -> tuple[Membership, Export, ExportKind]:
    """An export of the actor's own organisation, of a kind the policy lets them export; else 404."""
    actor = acting(request)
    if actor is None:
        raise Http404("No such export.")
    export = policy.organisation_exports(actor).select_related("requested_by").filter(pk=export_id).first()
    kind = export_kinds().get(export.kind) if export else None
    if export is None or kind is None or not kind.may_export(actor):
        raise Http404("No such export.")
    return actor, export, kind


@login_required
def exports(request: AuthenticatedRequest) -> HttpResponse:
    actor = acting(request)
    kinds = kinds_for(actor)
    if actor is None or not kinds:
        raise Http404
    form = StartExportForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)  # an export carries many people's data: the password again first
    if request.method == "POST" and form.is_valid():
        export = actions.request_export(
            actor,
            form.chosen_kind(),
            period=form.period(),
            request_key=form.cleaned_data["request_key"],
            request=request,
        )
        return redirect("reports:export_detail", export_id=export.pk)
    recent = (
        policy.organisation_exports(actor)
        .filter(kind__in=[kind.slug for kind in kinds])
        .select_related("requested_by")
        .order_by("-created_at")[:RECENT_EXPORTS]
    )
    titles = {kind.slug: kind.title for kind in kinds}
    rows = [(export, titles[export.kind]) for export in recent]
    return render(request, "reports/exports.html", {"form": form, "rows": rows})


@login_required
def export_detail(request: AuthenticatedRequest, export_id: int) -> HttpResponse:
    _, export, kind = export_for(request, export_id)
    template = "reports/_export_status.html" if request.htmx else "reports/export_detail.html"
    return render(request, template, {"export": export, "kind": kind})


@login_required
def download(request: AuthenticatedRequest, export_id: int) -> FileResponse:
    actor, export, kind = export_for(request, export_id)
    try:
        path = actions.open_download(export, actor=actor, request=request)
    except FileNotFoundError:
        raise Http404("This export has no file to download.") from None
    filename = f"{actor.organisation.slug}-{kind.slug}-{export.created_at:%Y-%m-%d}.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type="text/csv; charset=utf-8")
