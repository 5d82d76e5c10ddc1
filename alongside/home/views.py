"""The landing page of each role. Each home runs a fixed number of queries.

Which home someone lands on follows from what the policy lets them do, never from reading their role here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alongside import policy
from alongside.accounts.models import Assignment, Membership
from alongside.consent.recipients import shared_with
from alongside.core.prepared import Prepared
from alongside.feedback.queries import answered_and_new
from alongside.groups.queries import journey_sessions
from alongside.plans.queries import newest, recent_milestones
from alongside.support import queries as support_queries
from alongside.web import acting
from alongside.worklist.queries import worklist_for

from .for_you import SHOWN, for_you


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the first page of the work they may do."""
    membership = acting(request)
    if policy.has_own_record(membership):
        return redirect("home:my_journey")
    if policy.can_support_people(membership):
        return redirect("home:my_people")
    if policy.can_manage_organisation(membership):
        return redirect("accounts:organisation")
    if policy.can_view_team(membership):
        return redirect("home:team")
    return render(request, "home/no_membership.html", status=403)


@dataclass(frozen=True)
class Alongside:
    """A peer supporter walking alongside the client now, as My journey names them."""

    name: str
    since: datetime
    took_over_from: str | None  # the name of the supporter who left, when this one took over from them


def walking_alongside(client: Membership) -> list[Alongside]:
    """The client's supporters by name, read as values: the names alone."""
    return [Alongside(*row) for row in _supporters_by_name(client.pk)]


@Prepared
def _supporters_by_name(client_id: int) -> QuerySet[Any]:
    open_assignments = Assignment.objects.filter(client_id=client_id, ended_at__isnull=True)
    names = ("supporter__user__display_name", "started_at", "handed_over_from__user__display_name")
    return open_assignments.order_by("supporter__user__display_name").values_list(*names)


@login_required
def my_journey(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if not policy.has_own_record(membership):
        raise Http404
    answered, new_replies = answered_and_new(membership, answered=3, new=SHOWN + 1)
    group_sessions, session_milestones = journey_sessions(membership)
    context = {
        "for_you": for_you(membership, new_replies),
        "supporters": walking_alongside(membership),
        "milestones": newest(recent_milestones(membership, include_private=True), session_milestones),
        "answered_prompts": answered,
        "group_sessions": group_sessions,
    }
    return render(request, "home/my_journey.html", context)


@login_required
def my_people(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if not policy.can_support_people(membership):
        raise Http404
    worklist = worklist_for(membership)  # its people are policy.visible_clients, by name: one query for both
    context = {"people": worklist.clients, "shared": shared_with(membership), "worklist": worklist}
    return render(request, "home/my_people.html", context)


@login_required
def team(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if not policy.can_view_team(membership):
        raise Http404
    supporters = policy.team_supporters(membership)
    unassigned = policy.clients_waiting_for_a_supporter(membership).count()
    worklist = worklist_for(membership)
    policy.record_shared_signal_reads(request, membership, ((s.client, s.kind.area) for s in worklist.signals))
    context = {
        "supporters": supporters,
        "unassigned": unassigned,
        "shared": shared_with(membership),
        "worklist": worklist,
    }
    return render(request, "home/team.html", context)


@login_required
def client_overview(request: HttpRequest, client_id: int) -> HttpResponse:
    """A supporter's view of one person they walk alongside. Later areas (plan, meetings) link from here."""
    client = policy.client_for(request, client_id, policy.Verb.READ, policy.Area.PROFILE)
    actor = acting(request)
    basis = policy.access_basis(actor, policy.Verb.READ, policy.Area.PROFILE, client)
    readable = {area.value for area in policy.Area if policy.can(actor, policy.Verb.READ, area, client)}
    context = {
        "client": client,
        "basis": basis.kind if basis else None,
        "readable": readable,
        "glance": support_queries.at_a_glance(client),  # part of the profile: read (and audited) just above
    }
    return render(request, "home/client_overview.html", context)
