"""The one place that decides who may do what with a client's data.

Views, the API and exports ask these functions; none of them filters by hand. Every decision
fails closed: an error while deciding is a refusal, and a refusal looks like "not found" so
nobody can learn that a record exists.

The foundation rules: clients have every right over their own record; an actively assigned
peer supporter in the same organisation may read it and contribute to it (suggest, write notes),
never edit what the client owns. Supervisors and admins see people and assignments, not records.

Everyone else reads only what the client consented to share with them (``consent.Consent``), or, for
a supervisor, during a short emergency opening with a stated reason (``consent.BreakGlass``). Both are
looked up on every request, so a revoked or expired consent ends access on the next one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from alongside.accounts.models import Assignment, Membership, Role, User
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.consent.models import BreakGlass, Consent

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


# The areas a client can share by consent. Whoever may read any of them may also read the profile
# (name and basic details): a recipient must know whose record they are reading.
CONSENTABLE_AREAS = (Area.PLAN, Area.MEETINGS, Area.CHECKINS)


@dataclass(frozen=True)
class Basis:
    """Why access was allowed; written into each read's audit entry ("through consent 12")."""

    kind: str  # "self", "assigned", "consent" or "break_glass"
    ref: int | None = None

    def detail(self) -> dict[str, Any]:
        return {"basis": self.kind} | ({self.kind: self.ref} if self.ref is not None else {})


def is_assigned(supporter: Membership, client: Membership) -> bool:
    return Assignment.objects.filter(supporter=supporter, client=client, ended_at__isnull=True).exists()


def consent_covering(actor: Membership, area: Area, client: Membership) -> int | None:
    """The id of an active consent from ``client`` that lets ``actor`` read ``area``, if any."""
    for consent_id, areas in Consent.objects.active().to_member(actor).filter(client=client).values_list("pk", "areas"):
        if area == Area.PROFILE or area in areas:
            return consent_id
    return None


def break_glass_in_force(actor: Membership, client: Membership) -> int | None:
    """The id of ``actor``'s emergency opening of ``client``'s record while it lasts, if any."""
    return BreakGlass.objects.open().filter(opened_by=actor, client=client).values_list("pk", flat=True).first()


def _basis(actor: Membership, verb: Verb, area: Area, client: Membership) -> Basis | None:
    if not (actor.is_active and client.is_active and client.role == Role.CLIENT):
        return None
    if actor.organisation_id != client.organisation_id:
        return None
    if actor.pk == client.pk:
        return Basis("self")
    if actor.role == Role.SUPPORTER and verb in (Verb.READ, Verb.CONTRIBUTE) and is_assigned(actor, client):
        return Basis("assigned")
    if verb != Verb.READ or actor.role == Role.CLIENT:
        return None
    if consent_id := consent_covering(actor, area, client):
        return Basis("consent", consent_id)
    if actor.role == Role.SUPERVISOR and (opening_id := break_glass_in_force(actor, client)):
        return Basis("break_glass", opening_id)
    return None


def access_basis(actor: Membership | None, verb: Verb, area: Area, client: Membership) -> Basis | None:
    """Why ``actor`` may do ``verb`` on ``area`` of ``client``'s record, or None when they may not. Errors deny."""
    if actor is None:
        return None
    try:
        return _basis(actor, verb, area, client)
    except Exception:
        security_log.exception("Access check failed; denying. actor=%s client=%s", actor.pk, client.pk)
        return None


def can(actor: Membership | None, verb: Verb, area: Area, client: Membership) -> bool:
    """May ``actor`` do ``verb`` on ``area`` of ``client``'s record? Errors deny."""
    return access_basis(actor, verb, area, client) is not None


def can_see_private(actor: Membership | None, client: Membership) -> bool:
    """Items the client marked private are theirs alone: no supporter, supervisor or admin sees them."""
    return actor is not None and actor.pk == client.pk and actor.is_active


def _checked(request: HttpRequest, client_id: int, verb: Verb, area: Area) -> tuple[Membership, Membership, Basis]:
    actor: Membership | None = getattr(request, "membership", None)
    client = Membership.objects.select_related("user", "organisation").filter(pk=client_id).first()
    basis = access_basis(actor, verb, area, client) if client is not None else None
    if actor is None or client is None or basis is None:
        security_log.warning(
            "Denied %s on %s of client %s to user %s", verb, area, client_id, request.user.pk or "anonymous"
        )
        raise Http404("No such person.")
    return actor, client, basis


def client_for(
    request: HttpRequest, client_id: int, verb: Verb, area: Area, *, action: AuditAction | None = None
) -> Membership:
    """Return the client's membership if the current user may act on it, else raise 404.

    Reads are written to the audit log here (as ``action``, by default ``read.<area>``, with the basis
    of the access), so no page can read a record without leaving a trace.
    """
    actor, client, basis = _checked(request, client_id, verb, area)
    if verb == Verb.READ:
        signed_in = request.user if request.user.pk == actor.user_id else actor.user  # saves loading it again
        record(
            organisation=client.organisation,
            actor=signed_in,
            action=action or AuditAction.read_of(area),
            client=client,
            detail=basis.detail(),
            request=request,
        )
    return client


def refuse_unless_allowed(request: HttpRequest, client_id: int, verb: Verb, area: Area) -> None:
    """The same decision as ``client_for`` without reading anything (so nothing to audit yet).

    For a step that must come before the read, such as asking for the password again before a download:
    outsiders still get 404 rather than learning that the record exists.
    """
    _checked(request, client_id, verb, area)


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


def consents_to(actor: Membership | None) -> QuerySet[Consent]:
    """Active consents that let ``actor`` read part of a client's record (named, or by their role)."""
    if actor is None or not actor.is_active or actor.role == Role.CLIENT:
        return Consent.objects.none()
    return Consent.objects.active().to_member(actor).filter(client__is_active=True)


def clients_sharing_with(actor: Membership | None) -> QuerySet[Membership]:
    """People who shared (part of) their record with ``actor``: for their home or team page."""
    sharing = consents_to(actor).filter(client=OuterRef("pk"))
    return Membership.objects.filter(role=Role.CLIENT, is_active=True).filter(Exists(sharing))


def can_break_glass(actor: Membership | None) -> TypeGuard[Membership]:
    """Supervisors may open a record without consent in an emergency, giving a reason (see may_break_glass)."""
    return actor is not None and actor.is_active and actor.role == Role.SUPERVISOR


def may_break_glass(actor: Membership | None, client: Membership) -> bool:
    """Only records of active clients of the supervisor's own organisation."""
    return (
        can_break_glass(actor)
        and client.role == Role.CLIENT
        and client.is_active
        and client.organisation_id == actor.organisation_id
    )


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


def clients_consenting_to_transfer(organisation_id: int) -> QuerySet[Membership]:
    """Clients whose whole record may leave the organisation (FHIR transfer).

    A transfer discloses everything outside the organisation, so the client must have an active consent to
    someone outside that covers every area (42 CFR 2.31); revoking it ends transfers at once.
    """
    outside = Consent.objects.active().filter(organisation_id=organisation_id, recipient_kind="outside")
    whole_record = {
        client_id
        for client_id, areas in outside.values_list("client_id", "areas")
        if set(CONSENTABLE_AREAS) <= set(areas)
    }
    return Membership.objects.filter(organisation_id=organisation_id, role=Role.CLIENT, pk__in=whole_record)


def transferable_clients(actor: Membership | None) -> QuerySet[Membership]:
    """Clients whose record an organisation admin may download for a transfer: only with the client's consent."""
    if not can_manage_organisation(actor):
        return Membership.objects.none()
    return clients_consenting_to_transfer(actor.organisation_id)


def can_view_dashboards(actor: Membership | None) -> TypeGuard[Membership]:
    """Supervisors and admins see their own organisation's dashboards: figures only, never a client's name."""
    return can_view_team(actor)


def dashboard_supporters(actor: Membership | None) -> QuerySet[Membership]:
    """The peer supporters whose dashboards ``actor`` may open: those of their own organisation."""
    if not can_view_dashboards(actor):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.SUPPORTER)


# ---------------------------------------------------------------------------------------------------------------
# The checks actions make themselves. Every public function in an app's ``actions.py`` asks one of these (or
# ``can`` above) before it writes, so no caller — a page, the API, a command, the demo — can skip the decision
# (tests/test_architecture_actions.py keeps it so). An actor of ``None`` is the server's command line: whoever
# runs ``alongside`` there already holds the database, and no page or API call can pass ``None``.


class ExportKindRule(Protocol):
    """What the policy needs of an export kind (``reports.registry.ExportKind``): who may export it."""

    @property
    def may_export(self) -> Callable[[Membership | None], bool]: ...


def require(allowed: bool, refusal: str) -> None:
    """Refuse with ``refusal`` (PermissionDenied) unless ``allowed``: the one way an action says no."""
    if not allowed:
        raise PermissionDenied(refusal)


def member_of(user: User | None, organisation_id: int) -> Membership | None:
    """The user's active membership in the organisation: the role an action given a ``User`` acts in."""
    if user is None:
        return None
    return Membership.objects.filter(user=user, organisation_id=organisation_id, is_active=True).first()


def is_command_line(actor: Membership | User | None) -> bool:
    """New organisations, people added without an invitation, purges and key rotation: the server's operator only."""
    return actor is None


def is_own(actor: Membership | None, client_id: int) -> bool:
    """The client acting on their own record: answering their check-ins, stopping their own sharing."""
    return actor is not None and actor.is_active and actor.pk == client_id


def is_own_account(user: User | None, client: Membership) -> bool:
    """The same for actions given the signed-in ``User`` (a client's own consent)."""
    return user is not None and user.is_active and user.pk == client.user_id


def may_invite_to(actor: Membership | None, organisation_id: int, role: str) -> bool:
    """``can_invite``, into the inviter's own organisation."""
    return can_invite(actor, role) and actor is not None and actor.organisation_id == organisation_id


def may_join(accepted_at: datetime | None, expires_at: datetime) -> bool:
    """Whoever holds an open invitation's link joins with the role it names (the inviter was allowed to offer it)."""
    return accepted_at is None and expires_at > timezone.now()


def may_assign(actor: Membership | None, client: Membership, supporter: Membership) -> bool:
    """Admins match clients with supporters; a supporter takes on a client they invited."""
    if actor is None or not actor.is_active or actor.organisation_id != client.organisation_id:
        return False
    return actor.role == Role.ADMIN or (actor.role == Role.SUPPORTER and actor.pk == supporter.pk)


def may_end_assignment(actor: Membership | None, organisation_id: int) -> bool:
    return can_manage_organisation(actor) and actor.organisation_id == organisation_id


def may_deactivate(actor: Membership | None, member: Membership) -> bool:
    """An admin removes someone from their organisation; anyone may leave (a client closing their account)."""
    if actor is None or not actor.is_active or actor.organisation_id != member.organisation_id:
        return False
    return actor.pk == member.pk or actor.role == Role.ADMIN


def may_set_up_two_factor(user: User, device_user_id: int, *, password_confirmed: bool) -> bool:
    """A person sets up their own second factor, and only just after giving their password again."""
    return user.is_authenticated and user.is_active and device_user_id == user.pk and password_confirmed


def may_revoke_token(actor: Membership | None, holder_id: int, organisation_id: int) -> bool:
    """A token's holder revokes it, and so may their organisation's admins."""
    if actor is None or not actor.is_active or actor.organisation_id != organisation_id:
        return False
    return actor.pk == holder_id or actor.role == Role.ADMIN


def may_export(actor: Membership | None, kind: ExportKindRule, organisation_id: int) -> bool:
    """Each export kind names the policy function that decides who may start and download it; own organisation only."""
    return actor is not None and actor.organisation_id == organisation_id and kind.may_export(actor)


def may_export_record(actor: Membership | None, client: Membership, purpose: str) -> bool:
    """A client takes a copy of their own record; a transfer needs the client's consent to share it outside."""
    if purpose == "own-copy":
        return is_own(actor, client.pk)
    if purpose == "transfer":
        return is_command_line(actor) or transferable_clients(actor).filter(pk=client.pk).exists()
    return False


def may_load_definition(actor: Membership | None, organisation_id: int) -> bool:
    """An organisation admin adds a check-in definition of its own."""
    return can_manage_organisation(actor) and actor.organisation_id == organisation_id


def may_receive_checkins(client: Membership) -> bool:
    """Check-ins are offered to, and answers stored for, active clients only."""
    return client.is_active and client.role == Role.CLIENT


def may_contribute_as_supporter(actor: Membership | None, area: Area, client: Membership) -> bool:
    """Notes, answers to corrections and to conversation prompts come from the client's supporters, not the client."""
    return actor is not None and actor.pk != client.pk and can(actor, Verb.CONTRIBUTE, area, client)


def may_change_note(actor: Membership | None, author_id: int) -> bool:
    """Only the person who wrote a note changes or shares it."""
    return actor is not None and actor.is_active and actor.pk == author_id
