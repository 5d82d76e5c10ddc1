"""The landing page of each role, and the health check. Each home runs a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from alongside import policy
from alongside.accounts.models import Assignment, Membership, Role
from alongside.consent.recipients import shared_with
from alongside.feedback.views import answered_prompts, open_checkins
from alongside.plans.queries import recent_milestones

HOME_FOR_ROLE = {
    Role.CLIENT: "my_journey",
    Role.SUPPORTER: "my_people",
    Role.SUPERVISOR: "team",
    Role.ADMIN: "organisation",
}


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Is the database reachable? Says nothing else, needs no sign-in."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok", "database": "ok"})
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)


def acting(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if membership is None:
        return render(request, "core/no_membership.html", status=403)
    return redirect(HOME_FOR_ROLE[Role(membership.role)])


@login_required
def my_journey(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if membership is None or membership.role != Role.CLIENT:
        raise Http404
    assignments = (
        Assignment.objects.filter(client=membership, ended_at__isnull=True)
        .select_related("supporter__user", "handed_over_from__user")
        .order_by("supporter__user__display_name")
    )
    context = {
        "assignments": assignments,
        "milestones": recent_milestones(membership, include_private=True),
        "open_checkins": open_checkins(membership),
        "answered_prompts": answered_prompts(membership, 3),
    }
    return render(request, "core/my_journey.html", context)


@login_required
def my_people(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if membership is None or membership.role != Role.SUPPORTER:
        raise Http404
    people = policy.visible_clients(membership).select_related("user").order_by("user__display_name")
    return render(request, "core/my_people.html", {"people": people, "shared": shared_with(membership)})


@login_required
def team(request: HttpRequest) -> HttpResponse:
    membership = acting(request)
    if not policy.can_view_team(membership):
        raise Http404
    supporters = (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.SUPPORTER, is_active=True)
        .select_related("user")
        .annotate(
            people=Count(
                "client_assignments",
                filter=Q(client_assignments__ended_at__isnull=True, client_assignments__client__is_active=True),
            )
        )
        .order_by("user__display_name")
    )
    unassigned = (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.CLIENT, is_active=True)
        .exclude(Exists(Assignment.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)))
        .count()
    )
    context = {"supporters": supporters, "unassigned": unassigned, "shared": shared_with(membership)}
    return render(request, "core/team.html", context)


@login_required
def client_overview(request: HttpRequest, client_id: int) -> HttpResponse:
    """A supporter's view of one person they walk alongside. Later areas (plan, meetings) link from here."""
    client = policy.client_for(request, client_id, policy.Verb.READ, policy.Area.PROFILE)
    actor = acting(request)
    basis = policy.access_basis(actor, policy.Verb.READ, policy.Area.PROFILE, client)
    readable = {area.value for area in policy.Area if policy.can(actor, policy.Verb.READ, area, client)}
    context = {"client": client, "basis": basis.kind if basis else None, "readable": readable}
    return render(request, "core/client_overview.html", context)
