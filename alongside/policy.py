"""The one place that decides who may do what with a client's data.

Views, the API and exports ask these functions; none of them filters by hand. Every decision
fails closed: an error while deciding is a refusal, and a refusal looks like "not found" so
nobody can learn that a record exists.

The foundation rules: clients have every right over their own record; an actively assigned
peer supporter in the same organisation may read it and contribute to it (suggest, write notes),
never edit what the client owns. Supervisors and admins see people and assignments, not records.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import TypeGuard

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest

from alongside.accounts.models import Assignment, Membership, Role
from alongside.audit.log import record

security_log = logging.getLogger("alongside.security")


class Area(StrEnum):
    """The parts of a client's record; consent is given per area."""

    PROFILE = "profile"
    PLAN = "plan"
    MEETINGS = "meetings"
    CHECKINS = "checkins"


class Verb(StrEnum):
    READ = "read"
    WRITE = "write"  # change what the client owns: only the client
    CONTRIBUTE = "contribute"  # suggest, write a note about, answer a prompt: the client's supporters


def is_assigned(supporter: Membership, client: Membership) -> bool:
    return Assignment.objects.filter(supporter=supporter, client=client, ended_at__isnull=True).exists()


def _allowed(actor: Membership, verb: Verb, area: Area, client: Membership) -> bool:
    if not (actor.is_active and client.is_active and client.role == Role.CLIENT):
        return False
    if actor.organisation_id != client.organisation_id:
        return False
    if actor.pk == client.pk:
        return True
    if actor.role == Role.SUPPORTER and verb in (Verb.READ, Verb.CONTRIBUTE):
        return is_assigned(actor, client)
    return False


def can(actor: Membership | None, verb: Verb, area: Area, client: Membership) -> bool:
    """May ``actor`` do ``verb`` on ``area`` of ``client``'s record? Errors deny."""
    if actor is None:
        return False
    try:
        return _allowed(actor, verb, area, client)
    except Exception:
        security_log.exception("Access check failed; denying. actor=%s client=%s", actor.pk, client.pk)
        return False


def can_see_private(actor: Membership | None, client: Membership) -> bool:
    """Items the client marked private are theirs alone: no supporter, supervisor or admin sees them."""
    return actor is not None and actor.pk == client.pk and actor.is_active


def client_for(request: HttpRequest, client_id: int, verb: Verb, area: Area) -> Membership:
    """Return the client's membership if the current user may act on it, else raise 404.

    Reads are written to the audit log here, so no page can read a record without leaving a trace.
    """
    actor: Membership | None = getattr(request, "membership", None)
    client = Membership.objects.select_related("user", "organisation").filter(pk=client_id).first()
    if client is None or actor is None or not can(actor, verb, area, client):
        security_log.warning(
            "Denied %s on %s of client %s to user %s", verb, area, client_id, request.user.pk or "anonymous"
        )
        raise Http404("No such person.")
    if verb == Verb.READ:
        record(
            organisation=client.organisation,
            actor=actor.user,
            action=f"read.{area}",
            client=client,
            request=request,
        )
    return client


def visible_clients(actor: Membership | None) -> QuerySet[Membership]:
    """Clients whose records ``actor`` may open: themselves, or the people they are assigned to."""
    none = Membership.objects.none()
    if actor is None or not actor.is_active:
        return none
    clients = Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.CLIENT, is_active=True)
    if actor.role == Role.CLIENT:
        return clients.filter(pk=actor.pk)
    if actor.role == Role.SUPPORTER:
        open_assignment = Assignment.objects.filter(client=OuterRef("pk"), supporter=actor, ended_at__isnull=True)
        return clients.filter(Exists(open_assignment))
    return none


def can_manage_organisation(actor: Membership | None) -> TypeGuard[Membership]:
    """People, roles, invitations and assignments: organisation admins only."""
    return actor is not None and actor.is_active and actor.role == Role.ADMIN


def can_view_team(actor: Membership | None) -> TypeGuard[Membership]:
    """The team overview (supporters and how many people each walks alongside), never record contents."""
    return actor is not None and actor.is_active and actor.role in (Role.SUPERVISOR, Role.ADMIN)


def can_invite(actor: Membership | None, role: str) -> bool:
    """Admins invite anyone; a peer supporter may invite a client, who is then assigned to them."""
    if actor is None or not actor.is_active:
        return False
    if actor.role == Role.ADMIN:
        return role in Role.values
    return actor.role == Role.SUPPORTER and role == Role.CLIENT


def _is_active_staff(actor: Membership | None) -> TypeGuard[Membership]:
    return actor is not None and actor.is_active and actor.is_staff_role


def can_use_language_coach(actor: Membership | None) -> TypeGuard[Membership]:
    """The coach helps people who write to and about clients: every staff role."""
    return _is_active_staff(actor)


def can_hold_api_token(actor: Membership | None) -> TypeGuard[Membership]:
    """Staff may hold API tokens acting as themselves; a token never sees more than its holder."""
    return _is_active_staff(actor)


def can_view_dashboards(actor: Membership | None) -> TypeGuard[Membership]:
    """Supervisors and admins see their own organisation's dashboards: figures only, never a client's name."""
    return actor is not None and actor.is_active and actor.role in (Role.SUPERVISOR, Role.ADMIN)


def dashboard_supporters(actor: Membership | None) -> QuerySet[Membership]:
    """The peer supporters whose dashboards ``actor`` may open: those of their own organisation."""
    if not can_view_dashboards(actor):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.SUPPORTER)
