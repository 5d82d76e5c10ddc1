"""Downloads of a client's record in FHIR: the client's own copy, and an admin's copy for a transfer."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse

from alongside import policy
from alongside.accounts import reauth
from alongside.accounts.models import Membership
from alongside.web import acting

from .actions import export_record

FHIR_JSON = "application/fhir+json"


def _download(bundle: dict[str, object], filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False, indent=1), content_type=FHIR_JSON)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """The client's whole record, private items included: it is their data."""
    client = acting(request)
    if not policy.has_own_record(client):
        raise Http404
    if not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)
    bundle = export_record(client, by=client, purpose="own-copy", request=request)
    return _download(bundle, "my-record-fhir.json")


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    actor = acting(request)
    if not policy.can_manage_organisation(actor):
        raise Http404
    clients = policy.transferable_clients(actor).select_related("user").order_by("user__display_name")
    return render(request, "interop/transfers.html", {"clients": clients})


@login_required
def transfer_download(request: HttpRequest, client_id: int) -> HttpResponse:
    """A client's record for another service. Never their private items: the policy decides, not this view."""
    actor = acting(request)
    client: Membership | None = (
        policy.transferable_clients(actor).select_related("user", "organisation").filter(pk=client_id).first()
    )
    if client is None:
        raise Http404("No such person.")
    if request.method != "POST":  # a deliberate act, never a prefetched link; checked after access, so no hint
        return HttpResponseNotAllowed(["POST"])
    if not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request, then=reverse("interop:transfers"))
    bundle = export_record(client, by=actor, purpose="transfer", request=request)
    return _download(bundle, f"record-{client.pk}-fhir.json")
