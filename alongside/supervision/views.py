"""Thin views for reflective supervision. Each asks the policy first: ``supervision_space`` for a pairing's
space (its supervisor and its peer, 404 for everyone else), the ``can_*`` answers for the lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alongside import policy
from alongside.accounts.models import Membership
from alongside.web import AuthenticatedRequest, acting

from . import actions, queries
from .forms import DecisionForm, GoalForm, ItemForm, PairingForm, SessionForm
from .indicators import MONTHS, NOTES_PER_MONTH
from .models import DevelopmentGoal, GoalStatus, Pairing, Session


def _pairing_form(request: AuthenticatedRequest, me: Membership) -> PairingForm:
    data = request.POST if request.method == "POST" else None
    themselves = None if policy.can_arrange_supervision(me) else me
    return PairingForm(
        data, supervisors=policy.supervisors_to_pair(me), peers=policy.peers_to_pair(me), themselves=themselves
    )


def _start_from(request: AuthenticatedRequest, me: Membership, form: PairingForm) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    supervisor, peer = form.cleaned_data["supervisor"], form.cleaned_data["peer"]
    actions.start_pairing(supervisor, peer, by=me, request=request)
    messages.success(
        request,
        _("%(supervisor)s now supervises %(peer)s.")
        % {"supervisor": supervisor.user.display_name, "peer": peer.user.display_name},
    )
    return True


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """My supervision (a peer supporter): their pairings, the open one first."""
    me = acting(request)
    if not policy.can_be_supervised(me):
        raise Http404
    pairings = policy.supervision_pairings(me).select_related("supervisor__user").order_by("ended_at", "-started_at")
    return render(request, "supervision/mine.html", {"pairings": pairings})


@login_required
def supervising(request: AuthenticatedRequest) -> HttpResponse:
    """People I supervise (a supervisor): their peers, and a way to start supervising someone."""
    me = acting(request)
    if not policy.can_supervise(me):
        raise Http404
    form = _pairing_form(request, me)
    if _start_from(request, me, form):
        return redirect("supervision:supervising")
    pairings = policy.supervision_pairings(me).select_related("peer__user").order_by("ended_at", "-started_at")
    return render(request, "supervision/supervising.html", {"pairings": pairings, "form": form})


@login_required
def arrange(request: AuthenticatedRequest) -> HttpResponse:
    """An organisation admin pairs supervisors with peers, and sees that sessions happen (never their content)."""
    me = acting(request)
    if not policy.can_arrange_supervision(me):
        raise Http404
    form = _pairing_form(request, me)
    if _start_from(request, me, form):
        return redirect("supervision:arrange")
    pairings = queries.with_session_summary(policy.pairings_to_manage(me)).order_by("ended_at", "-started_at")
    return render(request, "supervision/arrange.html", {"pairings": pairings, "form": form})


@login_required
@require_POST
def end_pairing(request: AuthenticatedRequest, pairing_id: int) -> HttpResponse:
    me = acting(request)
    pairing = (policy.pairings_to_manage(me) | policy.supervision_pairings(me)).filter(pk=pairing_id).first()
    if me is None or pairing is None or not policy.may_end_pairing(me, pairing):
        raise Http404
    actions.end_pairing(pairing, by=me, request=request)
    messages.success(request, _("The supervision pairing has ended. What was written stays with the two of them."))
    return redirect("supervision:arrange" if policy.can_arrange_supervision(me) else "supervision:supervising")


def _space_context(pairing: Pairing, me: Membership) -> dict[str, object]:
    return {
        "pairing": pairing,
        "is_peer": policy.is_the_peer(me, pairing),
        "other": pairing.supervisor if policy.is_the_peer(me, pairing) else pairing.peer,
        "can_write": policy.may_write_in_space(me, pairing),
        "can_own_goals": policy.may_own_goals(me, pairing),
        "can_suggest": policy.may_suggest_goal(me, pairing),
        "can_see_indicators": policy.may_see_indicators(me, pairing),
        "can_end": policy.may_end_pairing(me, pairing),
    }


@login_required
def space(request: AuthenticatedRequest, pairing_id: int) -> HttpResponse:
    """The space the two share: sessions, the peer's development goals, and the way to the indicators."""
    pairing, me = policy.supervision_space(request, pairing_id)
    context = _space_context(pairing, me) | {
        "sessions": queries.sessions_of(pairing),
        "goals": queries.goals_of(pairing),
        "shared": queries.open_share(pairing),
    }
    return render(request, "supervision/space.html", context)


@login_required
def new_session(request: AuthenticatedRequest, pairing_id: int) -> HttpResponse:
    pairing, me = policy.supervision_space(request, pairing_id)
    if not policy.may_write_in_space(me, pairing):
        raise Http404
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.record_session(
                pairing,
                held_on=form.cleaned_data["held_on"],
                items=form.items(),
                by=me,
                submission_key=form.cleaned_data["submission_key"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session is recorded. Only the two of you can read it."))
            return redirect("supervision:session", pairing.pk, session.pk)
    return render(request, "supervision/new_session.html", _space_context(pairing, me) | {"form": form})


def _session(pairing: Pairing, session_id: int) -> Session:
    session = queries.sessions_of(pairing).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


@login_required
def session(request: AuthenticatedRequest, pairing_id: int, session_id: int) -> HttpResponse:
    """One session and everything written about it; either of the two adds to it while the pairing is open."""
    pairing, me = policy.supervision_space(request, pairing_id)
    held = _session(pairing, session_id)
    form = ItemForm(request.POST or None)
    if request.method == "POST":
        if not policy.may_write_in_space(me, pairing):
            raise Http404
        if form.is_valid():
            try:
                actions.add_item(
                    held,
                    form.cleaned_data["kind"],
                    form.cleaned_data["text"],
                    by=me,
                    submission_key=form.cleaned_data["submission_key"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Added to the session."))
                return redirect("supervision:session", pairing.pk, held.pk)
    return render(request, "supervision/session.html", _space_context(pairing, me) | {"session": held, "form": form})


@login_required
def new_goal(request: AuthenticatedRequest, pairing_id: int) -> HttpResponse:
    """The peer writes a goal in their own words; the supervisor suggests one for the peer to take up or not."""
    pairing, me = policy.supervision_space(request, pairing_id)
    if not (policy.may_own_goals(me, pairing) or policy.may_suggest_goal(me, pairing)):
        raise Http404
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = actions.write_goal(
                pairing,
                form.cleaned_data["text"],
                by=me,
                submission_key=form.cleaned_data["submission_key"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            suggested = goal.status == GoalStatus.SUGGESTED
            text = (
                _("Suggested. %(name)s decides whether to take it up.") % {"name": pairing.peer.user.display_name}
                if suggested
                else _("Your goal is added.")
            )
            messages.success(request, text)
            return redirect("supervision:space", pairing.pk)
    return render(request, "supervision/new_goal.html", _space_context(pairing, me) | {"form": form})


def _goal(pairing: Pairing, goal_id: int) -> DevelopmentGoal:
    goal = pairing.goals.select_related("created_by__user").filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


CELEBRATION = gettext_lazy(
    "Well done: “%(text)s” is done. That is worth marking, and worth bringing to your next session."
)


@login_required
def goal(request: AuthenticatedRequest, pairing_id: int, goal_id: int) -> HttpResponse:
    """One goal. The peer decides (take up, not now, done, set aside, pick up again); the supervisor reads."""
    pairing, me = policy.supervision_space(request, pairing_id)
    development_goal = _goal(pairing, goal_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not policy.may_own_goals(me, pairing):
            raise Http404
        if form.is_valid():
            try:
                development_goal = actions.decide_goal(
                    development_goal,
                    form.cleaned_data["decision"],
                    own_words=form.cleaned_data["own_words"],
                    by=me,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
                development_goal = _goal(pairing, goal_id)
            else:
                if development_goal.status == GoalStatus.DONE:
                    messages.success(request, CELEBRATION % {"text": development_goal.text})
                else:
                    messages.success(
                        request, _("Saved: %(status)s.") % {"status": development_goal.get_status_display().lower()}
                    )
                return redirect("supervision:space", pairing.pk)
    context = _space_context(pairing, me) | {
        "goal": development_goal,
        "form": form,
        "decisions": _decisions(development_goal),
    }
    return render(request, "supervision/goal.html", context)


def _decisions(goal: DevelopmentGoal) -> list[tuple[str, str]]:
    labels = {
        "take_up": _("Take it up"),
        "not_now": _("Not for me now"),
        "done": _("I have done this"),
        "set_aside": _("Set it aside for now"),
        "pick_up_again": _("Pick it up again"),
    }
    return [(name, labels[name]) for name, (_status, applies) in actions.DECISIONS.items() if goal.status in applies]


@login_required
def indicators(request: AuthenticatedRequest, pairing_id: int) -> HttpResponse:
    """The peer's practice indicators by month: for the peer always, for the supervisor only while shared."""
    pairing, me = policy.supervision_space(request, pairing_id)
    if not policy.may_see_indicators(me, pairing):
        raise Http404
    is_peer = policy.is_the_peer(me, pairing)
    if not is_peer:
        actions.record_indicator_read(pairing, by=me, request=request)
    context = _space_context(pairing, me) | {
        "months": queries.practice_indicators(pairing.peer),
        "shared": queries.open_share(pairing),
        "can_share": policy.may_share_indicators(me, pairing),
        "months_read": MONTHS,
        "notes_per_month": NOTES_PER_MONTH,
    }
    return render(request, "supervision/indicators.html", context)


@login_required
@require_POST
def share(request: AuthenticatedRequest, pairing_id: int) -> HttpResponse:
    """The peer shares their indicators with this supervisor, or stops sharing them (at once)."""
    pairing, me = policy.supervision_space(request, pairing_id)
    if not policy.may_revoke_indicator_share(me, pairing):
        raise Http404
    name = pairing.supervisor.user.display_name
    if request.POST.get("share") == "yes":
        actions.share_indicators(pairing, by=me, request=request)
        messages.success(
            request,
            _("%(name)s can now see your practice indicators. You can stop this at any time.") % {"name": name},
        )
    else:
        actions.stop_sharing_indicators(pairing, by=me, request=request)
        messages.success(request, _("%(name)s no longer sees your practice indicators.") % {"name": name})
    return redirect("supervision:indicators", pairing.pk)
