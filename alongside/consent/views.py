"""Thin views: parse, ask the policy, call an action, render.

The client's own pages act on ``request.membership`` through the same gateway (``policy.client_for``)
as everyone else, so each page view leaves exactly one audit entry.
"""

from __future__ import annotations

import csv
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.accounts import reauth
from alongside.accounts.models import Membership
from alongside.audit.actions import AuditAction
from alongside.policy import Area, Verb
from alongside.web import acting

from . import actions, mydata, review, texts
from .accesses import accesses_of, describe
from .forms import BreakGlassForm, CloseAccountForm, ConsentForm
from .models import BreakGlass, retention_years
from .recipients import shared_with

ACCESSES_PER_PAGE = 50
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def client_only(view: reauth.View) -> reauth.View:
    """Pages about the signed-in client's own record: 404 for everyone else, before anything else happens."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        _client_self(request)
        return view(request, *args, **kwargs)

    return wrapper


def _client_self(request: HttpRequest) -> Membership:
    """The signed-in client; these pages have no client id in their address, so nobody can ask for another's."""
    me = acting(request)
    if not policy.has_own_record(me):
        raise Http404
    return me


def _own_record(request: HttpRequest, verb: Verb, action: AuditAction | None = None) -> Membership:
    return policy.own_record(request, verb, Area.PROFILE, action=action)


def _posted(request: HttpRequest) -> QueryDict | None:
    """Bind a form on every POST, even an empty one (an unticked box sends nothing), so it shows its errors."""
    return request.POST if request.method == "POST" else None


def _download(data: dict[str, Any], filename: str) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Sharing ----------------------------------------------------------------------------------------


@login_required
def sharing(request: HttpRequest) -> HttpResponse:
    posting = request.method == "POST"
    me = _own_record(request, Verb.WRITE if posting else Verb.READ, AuditAction.READ_CONSENTS)
    form = ConsentForm(_posted(request), client=me)
    if posting and form.is_valid():
        try:
            consent = actions.grant_consent(me, form.to_request(), request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You now share this with %(name)s. You can stop at any time.") % {"name": consent.recipient_name},
            )
            return redirect("consent:consent_form", consent_id=consent.pk)
    consents = me.consents_given.order_by("-signed_at")
    return render(request, "consent/sharing.html", {"form": form, "consents": consents})


@login_required
def consent_form(request: HttpRequest, consent_id: int) -> HttpResponse:
    """The signed consent as a readable, printable form."""
    me = _own_record(request, Verb.READ, AuditAction.READ_CONSENT_FORM)
    consent = get_object_or_404(me.consents_given, pk=consent_id)
    context = {
        "consent": consent,
        "areas": texts.describe_areas(consent.areas),
        "right_to_revoke": texts.right_to_revoke(consent.discloser_name),
        "redisclosure": texts.REDISCLOSURE_NOTICE,
        "no_condition": texts.NO_CONDITION,
    }
    return render(request, "consent/consent_form.html", context)


@login_required
@require_POST
def revoke_consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    me = _own_record(request, Verb.WRITE)
    consent = get_object_or_404(me.consents_given, pk=consent_id)
    try:
        actions.revoke_consent(consent, by=me.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("You stopped sharing with %(name)s. This took effect now.") % {"name": consent.recipient_name}
        )
    return redirect("consent:sharing")


# --- Who has seen my record -------------------------------------------------------------------------


@login_required
def who_has_seen(request: HttpRequest) -> HttpResponse:
    me = _own_record(request, Verb.READ, AuditAction.READ_ACCESSES)
    include_own = request.GET.get("mine") == "shown"
    entries = accesses_of(me, include_own=include_own)
    page = Paginator(entries, ACCESSES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "accesses": describe(page.object_list, me), "include_own": include_own}
    return render(request, "consent/who_has_seen.html", context)


def _cell(text: str) -> str:
    """Spreadsheets run cells that start like a formula; a leading apostrophe keeps them text."""
    return f"'{text}" if text.startswith(CSV_FORMULA_STARTS) else text


@login_required
@client_only
@reauth.password_confirmed
def who_has_seen_csv(request: HttpRequest) -> HttpResponse:
    me = _own_record(request, Verb.READ, AuditAction.DOWNLOAD_ACCESSES)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="who-has-seen-my-record.csv"'
    writer = csv.writer(response)
    writer.writerow([_("When (UTC)"), _("Who"), _("What"), _("Why"), _("Emergency")])
    for access in describe(accesses_of(me, include_own=True), me):
        row = [access.when.isoformat(timespec="seconds"), access.who, access.what, access.why]
        writer.writerow([_cell(cell) for cell in row] + [_("yes") if access.emergency else ""])
    return response


# --- My data and closing the account ------------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    me = _client_self(request)
    context = {"years": retention_years(me.organisation_id), "reauth_minutes": settings.REAUTH_MINUTES}
    return render(request, "consent/my_data.html", context)


@login_required
@client_only
@reauth.password_confirmed
def my_data_download(request: HttpRequest) -> HttpResponse:
    me = _own_record(request, Verb.READ, AuditAction.DOWNLOAD_MYDATA)
    return _download(mydata.everything_for(me), "alongside-my-data.json")


@login_required
@client_only
@reauth.password_confirmed
def readable_record(request: HttpRequest) -> HttpResponse:
    """The whole record in plain language, to read or print: one audit entry for the whole of it."""
    me = _own_record(request, Verb.READ, AuditAction.READ_RECORD)
    return render(request, "consent/readable_record.html", {"parts": mydata.readable_for(me), "as_of": timezone.now()})


@login_required
@client_only
@reauth.password_confirmed
def close_account(request: HttpRequest) -> HttpResponse:
    me = _client_self(request)
    form = CloseAccountForm(_posted(request))
    years = retention_years(me.organisation_id)
    if request.method == "POST" and form.is_valid():
        me = _own_record(request, Verb.WRITE)
        closure = actions.close_account(me, request=request)
        logout(request)
        return render(request, "consent/closed.html", {"closure": closure, "years": years})
    return render(request, "consent/close_account.html", {"form": form, "years": years})


# --- Recipients: what others share with me, and emergency access ----------------------------------------


@login_required
def shared_with_me(request: HttpRequest) -> HttpResponse:
    me = acting(request)
    if not policy.can_receive_shared_records(me):
        raise Http404
    openings = BreakGlass.objects.open().filter(opened_by=me).select_related("client__user")
    return render(
        request,
        "consent/shared_with_me.html",
        {"shared": shared_with(me), "openings": openings, "can_break_glass": policy.can_break_glass(me)},
    )


def _readable_areas(me: Membership | None, client: Membership) -> list[Area]:
    return [area for area in policy.CONSENTABLE_AREAS if policy.can(me, Verb.READ, area, client)]


@login_required
def shared_record(request: HttpRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.READ, Area.PROFILE, action=AuditAction.READ_SHARED)
    me = acting(request)
    context = {
        "client": client,
        "areas": _readable_areas(me, client),
        "consents": policy.consents_to(me).filter(client=client).order_by("expires_on"),
        "openings": BreakGlass.objects.open().filter(opened_by=me, client=client),
        "redisclosure": texts.REDISCLOSURE_NOTICE,
    }
    return render(request, "consent/shared_record.html", context)


@login_required
def shared_download(request: HttpRequest, client_id: int) -> HttpResponse:
    policy.refuse_unless_allowed(request, client_id, Verb.READ, Area.PROFILE)
    if not reauth.recently_confirmed(request):
        return reauth.ask_for_password(request)
    client = policy.client_for(request, client_id, Verb.READ, Area.PROFILE, action=AuditAction.DOWNLOAD_SHARED)
    sections = mydata.shared_sections(set(_readable_areas(acting(request), client)))
    data = mydata.export(client, sections, include_private=False) | {"notice": str(texts.REDISCLOSURE_NOTICE)}
    return _download(data, f"shared-record-{client.pk}.json")


@login_required
def break_glass(request: HttpRequest) -> HttpResponse:
    me = acting(request)
    if not policy.can_break_glass(me):
        raise Http404
    form = BreakGlassForm(_posted(request), supervisor=me)
    if request.method == "POST" and form.is_valid():
        client = form.cleaned_data["client"]
        try:
            opening = actions.break_glass(me, client, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            until = date_format(timezone.localtime(opening.expires_at), "TIME_FORMAT")
            messages.warning(
                request,
                _("You can read %(name)s's record until %(time)s. %(name)s has been told.")
                % {"name": client.user.display_name, "time": until},
            )
            return redirect("consent:shared_record", client_id=client.pk)
    return render(request, "consent/break_glass.html", {"form": form})


@login_required
@require_POST
def end_break_glass(request: HttpRequest, opening_id: int) -> HttpResponse:
    me = acting(request)
    opening = get_object_or_404(
        BreakGlass.objects.select_related("client__user", "client__organisation"), pk=opening_id
    )
    if not policy.can_end_break_glass(me, opening):
        raise Http404
    try:
        actions.end_break_glass(opening, by=me, request=request)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your emergency access to %(name)s's record has ended.") % {"name": opening.client.user.display_name},
        )
    return redirect("consent:shared_with_me")


# --- Admins review every emergency opening -------------------------------------------------------------

OPENINGS_PER_PAGE = 25


def _reviewer(request: HttpRequest) -> Membership:
    me = acting(request)
    if not policy.can_review_break_glass(me):
        raise Http404
    return me


@login_required
def break_glass_review(request: HttpRequest) -> HttpResponse:
    me = _reviewer(request)
    openings = (
        policy.openings_to_review(me)
        .select_related("client__user", "opened_by__user", "ended_by", "reviewed_by")
        .order_by(F("reviewed_at").desc(nulls_first=True), "-opened_at")  # not yet reviewed first
    )
    if request.GET.get("show") != "all":
        openings = openings.filter(reviewed_at__isnull=True)
    page = Paginator(openings, OPENINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "openings": review.with_reads(page.object_list),
        "show_all": request.GET.get("show") == "all",
    }
    return render(request, "consent/break_glass_review.html", context)


@login_required
def break_glass_opening(request: HttpRequest, opening_id: int) -> HttpResponse:
    me = _reviewer(request)
    opening = get_object_or_404(
        policy.openings_to_review(me).select_related("client__user", "opened_by__user", "ended_by", "reviewed_by"),
        pk=opening_id,
    )
    if request.method == "POST":
        try:
            actions.review_break_glass(opening, by=me, request=request)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Marked as reviewed."))
            return redirect("consent:break_glass_review")
    (reviewed,) = review.with_reads([opening])
    return render(request, "consent/break_glass_opening.html", {"reviewed": reviewed})
