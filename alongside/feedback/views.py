"""Thin views for check-ins: parse the request, ask the policy, call an action, render."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from alongside import policy
from alongside.accounts.models import Membership
from alongside.meetings.models import current_supporters
from alongside.policy import Area, Verb
from alongside.web import acting, acting_member

from . import actions
from .charts import SHOWN, Trend, build_trend
from .forms import DefinitionUploadForm, PromptResponseForm, checkin_rows
from .models import CheckinRequest, Prompt, Questionnaire, Response
from .queries import LISTED, open_checkins
from .reliability import reliabilities_for


def _trends(client: Membership) -> list[Trend]:
    """Two queries: each check-in's latest answers (one extra as the first "before"), drawn per check-in,
    and the organisation's stored reliability estimates for them."""
    ranked = (
        Response.objects.filter(client=client)
        .annotate(rank=Window(RowNumber(), partition_by=[F("questionnaire_id")], order_by=[F("submitted_at").desc()]))
        .filter(rank__lte=SHOWN + 1)
        .select_related("questionnaire")
        .defer("free_text", "scores")
        .order_by("questionnaire__title", "submitted_at")
    )
    histories: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    questionnaires: dict[int, Questionnaire] = {}
    for response in ranked:
        questionnaires.setdefault(response.questionnaire_id, response.questionnaire)
        histories[response.questionnaire_id].append((response.submitted_at, response.total))
    reliability = reliabilities_for(questionnaires.values(), client.organisation_id)
    trends = (
        build_trend(f"trend-{pk}", questionnaires[pk].shown, history, reliability[pk])
        for pk, history in histories.items()
    )
    return [trend for trend in trends if trend is not None]


@login_required
def checkins(request: HttpRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.READ, Area.CHECKINS)
    prompts = list(
        Prompt.objects.filter(client=client)
        .select_related("response__questionnaire", "responded_by")
        .defer("response__free_text")
        .order_by("-created_at")[:LISTED]
    )
    actor = acting_member(request)
    if policy.is_own(actor, client.pk):  # replies show as new this once; a supporter's visit clears nothing
        actions.mark_replies_seen(client, by=actor, request=request)
    said = (
        Response.objects.filter(client=client, free_text__isnull=False)
        .select_related("questionnaire")
        .order_by("-submitted_at")[:10]
    )
    context = {
        "client": client,
        "is_self": actor.pk == client.pk,
        "open_requests": open_checkins(client),
        "trends": _trends(client),
        "prompts": prompts,
        "said": said,
    }
    return render(request, "feedback/checkins.html", context)


def _thanks(client: Membership, response: Response, created: bool) -> str:
    if not created:
        return _("We already had these answers, so nothing was stored twice. Thank you.")
    names = [supporter.user.display_name for supporter in current_supporters(client)]
    words = {"names": get_text_list(names, _("and")) or _("Your supporter")}
    if hasattr(response, "prompt"):
        return (
            _("Thank you. %(names)s will see this and will talk it through with you. Nothing changes on its own.")
            % words
        )
    return _("Thank you. %(names)s will see your answers.") % words


@login_required
def answer(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.WRITE, Area.CHECKINS)
    checkin = get_object_or_404(CheckinRequest.objects.select_related("questionnaire"), pk=checkin_id, client=client)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            response, created = actions.submit_response(checkin, request.POST, by=client, request=request)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        else:
            messages.success(request, _thanks(client, response, created))
            return redirect("feedback:checkins", client_id=client.pk)
    definition = checkin.questionnaire.shown
    rows = checkin_rows(definition, request.POST, errors)
    context: dict[str, Any] = {
        "client": client,
        "checkin": checkin,
        "definition": definition,
        "rows": rows,
        "error_items": [{"id": "", "message": error} for error in errors.get("__all__", [])]
        + [
            {"id": f"item-{row.item.link_id}", "message": f"{row.item.text.rstrip('.:')}: {row.error}"}
            for row in rows
            if row.error
        ],
        "supporter_names": get_text_list([s.user.display_name for s in current_supporters(client)], _("and")),
    }
    return render(request, "feedback/answer.html", context, status=400 if errors else 200)


@login_required
def skip(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.WRITE, Area.CHECKINS)
    checkin = get_object_or_404(CheckinRequest, pk=checkin_id, client=client)
    if request.method != "POST":
        return redirect("feedback:answer", client_id=client.pk, checkin_id=checkin.pk)
    actions.skip(checkin, by=client, request=request)
    messages.success(request, _("Skipped. That is fine; there will be another chance."))
    return redirect("feedback:checkins", client_id=client.pk)


@login_required
def respond(request: HttpRequest, client_id: int, prompt_id: int) -> HttpResponse:
    client, actor = policy.supporter_for(request, client_id, Area.CHECKINS)
    prompt = get_object_or_404(Prompt.objects.select_related("response__questionnaire"), pk=prompt_id, client=client)
    form = PromptResponseForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_ready():
        try:
            actions.respond_to_prompt(prompt, **form.cleaned_data, by=actor, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you. %(name)s can now read your response.") % {"name": client.user.display_name}
            )
            return redirect("feedback:checkins", client_id=client.pk)
    context = {"client": client, "prompt": prompt, "form": form}
    return render(request, "feedback/respond.html", context, status=400 if form.errors else 200)


@login_required
def definitions(request: HttpRequest) -> HttpResponse:
    """An organisation admin sees the check-ins in use and can load another definition."""
    admin = acting(request)
    if not policy.can_manage_organisation(admin):
        raise Http404
    form = DefinitionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = actions.load_definition(
                admin.organisation, form.cleaned_data["file"], by=admin, request=request
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("Loaded “%(title)s” (version %(version)s).")
                % {"title": questionnaire.shown.title, "version": questionnaire.version},
            )
            return redirect("feedback:definitions")
    available = Questionnaire.objects.available_to(admin.organisation_id).select_related("loaded_by")
    questionnaires = list(available.order_by("purpose", "title", "-loaded_at"))
    reliability = reliabilities_for(questionnaires, admin.organisation_id)
    status = 400 if form.errors else 200
    return render(
        request,
        "feedback/definitions.html",
        {"form": form, "questionnaires": [(q, reliability[q.pk]) for q in questionnaires]},
        status=status,
    )
