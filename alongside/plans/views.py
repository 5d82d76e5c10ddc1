"""Thin views: find the item through the policy gateway, call an action, render.

Every change works as a plain form post (then a redirect back to the plan); when htmx sends it, the view
returns just the changed goal card instead. A supporter who may read the plan gets 403 for a change,
with a pointer to "suggest"; anyone else gets 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.groups.queries import attendance_milestones
from alongside.policy import Area, Verb
from alongside.web import AuthenticatedRequest, acting, acting_member

from . import actions, queries
from .access import (
    NotYours,
    goal_to_change,
    milestone_to_encourage,
    own_client,
    revision_to_restore,
    step_to_change,
    suggestion_to_decide,
)
from .forms import (
    AskForIdeasForm,
    DecisionForm,
    EditGoalForm,
    EditStepForm,
    EncouragementForm,
    JournalForm,
    NewGoalForm,
    StepForm,
    SuggestionForm,
)
from .models import OPEN_STATUSES, Decision, Goal, IdeaRequest, Status, Step, SuggestionKind

View = Callable[..., HttpResponse]
DECISION_THANKS = {
    Decision.ACCEPTED: _("Added to your plan."),
    Decision.REWORDED: _("Added to your plan, in your own words."),
    Decision.DECLINED: _("Declined. That is completely fine: it is your plan."),
    Decision.LATER: _("Saved for later. It will wait for you."),
}


def plan_page(view: View) -> View:
    """Sign-in required; a reader who tries to change the plan is told kindly who can (HTTP 403)."""

    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotYours as refusal:
            return render(request, "plans/not_yours.html", {"client": refusal.client}, status=403)

    return login_required(wrapper)


def _plan_url(goal_id: int | None = None) -> str:
    return reverse("plans:my_plan") + (f"#goal-{goal_id}" if goal_id else "")


def _back_to_goal(request: AuthenticatedRequest, goal_id: int, notice: str, *, ok: bool = True) -> HttpResponse:
    if request.htmx:
        context = {"goal": queries.goal_card(goal_id), "owner": True, "notice": notice, "notice_ok": ok}
        return render(request, "plans/_goal.html", context)
    (messages.success if ok else messages.error)(request, notice)
    return redirect(_plan_url(goal_id))


# --- The client's own pages -------------------------------------------------------------------------


@plan_page
def my_plan(request: AuthenticatedRequest) -> HttpResponse:
    client = own_client(request)
    plan = queries.plan_for(client, include_private=True)
    milestones = queries.newest(plan.milestones, attendance_milestones(client, client))
    return render(request, "plans/my_plan.html", {"plan": plan, "owner": True, "milestones": milestones})


@plan_page
def plan_print(request: AuthenticatedRequest) -> HttpResponse:
    client = own_client(request)
    return render(request, "plans/print.html", {"plan": queries.plan_for(client, include_private=True)})


@plan_page
def goal_new(request: AuthenticatedRequest) -> HttpResponse:
    client = own_client(request, Verb.WRITE)
    form = NewGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = actions.create_goal(
                client,
                form.wording(),
                by=client,
                status=form.cleaned_data["status"],
                is_private=form.cleaned_data["is_private"],
                key=form.cleaned_data["key"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Your goal is in your plan."))
            return redirect(_plan_url(goal.pk))
    return render(request, "plans/goal_form.html", {"form": form, "goal": None})


@plan_page
def goal_edit(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = goal_to_change(request, goal_id)
    initial = {name: getattr(goal, name) for name in EditGoalForm.base_fields if name != "version"}
    form = EditGoalForm(request.POST or None, initial=initial | {"version": goal.version})
    current: Goal | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_goal(
                goal,
                form.wording(),
                is_private=form.cleaned_data["is_private"],
                expected_version=form.cleaned_data["version"],
                by=goal.client,
                request=request,
            )
        except actions.StaleEdit as stale:
            current = stale.current  # type: ignore[assignment]
            form = _restarted(form, stale.current.version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Your goal is updated."))
            return redirect(_plan_url(goal.pk))
    return render(request, "plans/goal_form.html", {"form": form, "goal": goal, "current": current})


def _restarted(form: Any, version: int) -> Any:
    """The same form with everything the person typed, now based on the current version."""
    data = form.data.copy()
    data["version"] = str(version)
    restarted = type(form)(data)
    restarted.is_valid()
    restarted.add_error(
        None,
        gettext(
            "While you were writing, this was changed (perhaps in another window). The current wording is shown "
            "below; what you typed is still in the form. Save again to use your wording."
        ),
    )
    return restarted


def _move_along(request: AuthenticatedRequest, item: Goal | Step, goal: Goal, celebration: str) -> HttpResponse:
    """Change a goal's or step's status and say what happened; completing one is celebrated."""
    try:
        milestone = actions.set_status(item, request.POST.get("status", ""), by=goal.client, request=request)
    except ValidationError as error:
        return _back_to_goal(request, goal.pk, error.messages[0], ok=False)
    return _back_to_goal(request, goal.pk, celebration if milestone else gettext("Status updated."))


@plan_page
@require_POST
def goal_status(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    """Completing a goal whose steps are not all done asks first: one tap must not close it by mistake."""
    goal = goal_to_change(request, goal_id)
    completing = request.POST.get("status") == Status.COMPLETED
    open_steps = [step for step in goal.steps.all() if step.status in OPEN_STATUSES] if completing else []
    if open_steps and request.POST.get("open_steps") != "confirmed":
        if request.htmx:
            card = queries.goal_card(goal.pk)
            return render(request, "plans/_goal.html", {"goal": card, "owner": True, "open_steps": open_steps})
        return render(request, "plans/confirm_complete.html", {"goal": goal, "open_steps": open_steps})
    return _move_along(request, goal, goal, gettext("A milestone: you completed this goal. Well done!"))


@plan_page
@require_POST
def goal_ask(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = goal_to_change(request, goal_id)
    form = AskForIdeasForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["note"]))
        actions.ask_for_ideas(goal, form.cleaned_data["note"], by=goal.client, request=request)
    except ValidationError as error:
        return _back_to_goal(request, goal.pk, error.messages[0], ok=False)
    return _back_to_goal(request, goal.pk, gettext("Your supporter will see that you would like ideas on this goal."))


@plan_page
def step_add(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = goal_to_change(request, goal_id)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_step(goal, form.cleaned_data["text"], by=goal.client, request=request)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return _back_to_goal(request, goal.pk, gettext("Step added."))
    if request.htmx and request.method == "POST":
        context = {"goal": queries.goal_card(goal.pk), "owner": True, "step_form": form}
        return render(request, "plans/_goal.html", context)
    return render(request, "plans/step_form.html", {"form": form, "goal": goal, "step": None})


@plan_page
def step_edit(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = step_to_change(request, step_id)
    form = EditStepForm(request.POST or None, initial={"text": step.text, "version": step.version})
    current: Step | None = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_step(
                step,
                form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
                by=step.goal.client,
                request=request,
            )
        except actions.StaleEdit as stale:
            current = stale.current  # type: ignore[assignment]
            form = _restarted(form, stale.current.version)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, gettext("Your step is updated."))
            return redirect(_plan_url(step.goal_id))
    return render(request, "plans/step_form.html", {"form": form, "goal": step.goal, "step": step, "current": current})


@plan_page
@require_POST
def step_status(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = step_to_change(request, step_id)
    return _move_along(
        request, step, step.goal, gettext("A milestone: you completed a step. Every step forward counts!")
    )


@plan_page
@require_POST
def step_move(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = step_to_change(request, step_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    actions.move_step(step, offset, by=step.goal.client, request=request)
    return _back_to_goal(request, step.goal_id, gettext("Steps reordered."))


@plan_page
def goal_history(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = goal_to_change(request, goal_id)
    versions = {None: goal.version} | {step.pk: step.version for step in goal.steps.all()}
    context = {"goal": goal, "entries": queries.goal_history(goal), "versions": versions}
    return render(request, "plans/history.html", context)


@plan_page
@require_POST
def revision_restore(request: AuthenticatedRequest, revision_id: int) -> HttpResponse:
    revision = revision_to_restore(request, revision_id)
    try:
        expected = int(request.POST.get("version", ""))
        actions.restore(revision, expected_version=expected, by=revision.goal.client, request=request)
    except ValueError:
        messages.error(request, gettext("That restore button is out of date. Please try again from this page."))
    except actions.StaleEdit:
        messages.error(
            request, gettext("This changed meanwhile (perhaps in another window). Please look again, then choose.")
        )
    else:
        messages.success(request, gettext("The earlier wording is back. The wording it replaced stays in the history."))
    return redirect("plans:goal_history", revision.goal_id)


@plan_page
def suggestion_decide(request: AuthenticatedRequest, suggestion_id: int) -> HttpResponse:
    suggestion = suggestion_to_decide(request, suggestion_id)
    form = DecisionForm(request.POST or None, initial={"text": suggestion.text if suggestion else ""})
    if suggestion is None:
        return render(request, "plans/suggestion_missing.html", {"form": form}, status=404)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.decide(
                suggestion, data["decision"], by=suggestion.client, text=data["text"], why=data["why"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, DECISION_THANKS[Decision(suggestion.decision)])
            return redirect(_plan_url(suggestion.goal_id))
    return render(request, "plans/decide.html", {"form": form, "suggestion": suggestion})


@plan_page
def journal(request: AuthenticatedRequest) -> HttpResponse:
    client = own_client(request)
    form = JournalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.write_journal_entry(
            client, data["text"], is_private=data["is_private"], by=client, key=data["key"], request=request
        )
        messages.success(request, gettext("Saved in your journal."))
        return redirect("plans:journal")
    entries = queries.journal(client, include_private=True)[:50]
    return render(request, "plans/journal.html", {"form": form, "entries": entries})


@plan_page
@require_POST
def journal_privacy(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    client = own_client(request, Verb.WRITE)
    entry = queries.journal(client, include_private=True).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    entry.client = client
    actions.set_journal_privacy(entry, is_private=request.POST.get("private") == "1", by=client, request=request)
    messages.success(
        request, gettext("This entry is now private.") if entry.is_private else gettext("This entry is now shared.")
    )
    return redirect("plans:journal")


# --- The supporter's view ---------------------------------------------------------------------------


@plan_page
def supporter_plan(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.READ, Area.PLAN)
    actor = acting(request)
    plan = queries.plan_for(client, include_private=policy.can_see_private(actor, client))
    mine = [s for s in plan.suggestions if actor is not None and s.suggested_by_id == actor.pk]
    journal_entries = queries.journal(client, include_private=False)[:20]
    can_suggest = policy.may_contribute_after_read(request, client, Area.PLAN)
    context = {
        "plan": plan,
        "mine": mine,
        "journal_entries": journal_entries,
        "can_suggest": can_suggest,
        "encourage_client": client if can_suggest else None,
    }
    return render(request, "plans/supporter_plan.html", context)


def _suggestion_target(client_id: int, data: Any) -> tuple[Goal | None, Step | None, IdeaRequest | None]:
    """The goal, step and idea request a suggestion is about, looked up within this client's plan only."""

    def number(name: str) -> int:
        value = str(data.get(name) or "")
        return int(value) if value.isdigit() else 0  # 0 matches nothing

    goal = Goal.objects.filter(pk=number("goal"), client_id=client_id).first()
    step = Step.objects.filter(pk=number("step"), goal__client_id=client_id).first()
    idea = IdeaRequest.objects.filter(pk=number("in_reply_to"), client_id=client_id).first()
    return goal, step, idea


def _kinds_for(goal: Goal | None, step: Step | None) -> list[str]:
    if step is not None:
        return [SuggestionKind.REWORDING]
    if goal is not None:
        return [SuggestionKind.STEP, SuggestionKind.REWORDING, SuggestionKind.RESOURCE]
    return [SuggestionKind.GOAL]


@plan_page
def suggest(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = policy.client_for(request, client_id, Verb.CONTRIBUTE, Area.PLAN)
    actor = acting_member(request)
    data = request.POST or request.GET
    goal, step, idea = _suggestion_target(client.pk, data)
    if goal is not None and goal.is_private:
        goal = step = None
    missing = bool(data.get("goal")) and goal is None
    initial = {"goal": getattr(goal, "pk", None), "step": getattr(step, "pk", None), "key": uuid.uuid4()}
    initial["in_reply_to"] = getattr(idea, "pk", None)
    kinds = list(SuggestionKind.values) if missing else _kinds_for(goal, step)
    form = SuggestionForm(request.POST or None, initial=initial, kinds=kinds, client=client)
    if missing:  # keep what was typed, and say plainly what went wrong
        form.is_valid()
        form.add_error(
            None, gettext("That goal is not in the plan any more. Your words are kept below; please go back.")
        )
    elif request.method == "POST" and form.is_ready():
        cleaned = form.cleaned_data
        try:
            actions.suggest(
                client,
                by=actor,
                kind=cleaned["kind"],
                text=cleaned["text"],
                reason=cleaned["reason"],
                goal=goal,
                step=step,
                in_reply_to=idea,
                key=cleaned["key"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Your suggestion is waiting for %(name)s to decide.") % {"name": client.user.display_name},
            )
            return redirect("plans:supporter_plan", client.pk)
    context = {"form": form, "client": client, "goal": goal, "step": step}
    return render(request, "plans/suggest.html", context)


@plan_page
def encourage(request: AuthenticatedRequest, client_id: int, milestone_id: int) -> HttpResponse:
    milestone = milestone_to_encourage(request, client_id, milestone_id)
    form = EncouragementForm(request.POST or None, client=milestone.client)
    if not form.is_ready():  # the form on its own page; after a problem or before sharing, with every word kept
        return render(request, "plans/encourage.html", {"form": form, "milestone": milestone})
    actions.encourage(milestone, form.cleaned_data["text"], by=acting_member(request), request=request)
    messages.success(request, gettext("Your encouragement is on the milestone."))
    return redirect(reverse("plans:supporter_plan", args=[milestone.client_id]) + "#milestones")
