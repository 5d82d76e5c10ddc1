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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol, TypeGuard

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from alongside.accounts.backends import membership_with_person
from alongside.accounts.models import Assignment, Invitation, Membership, Role, User
from alongside.api.models import ApiToken
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.billing.models import (
    BillingBatch,
    CosignRule,
    Payer,
    PlaceOfService,
    RecordStatus,
    ServiceCode,
    SessionRecord,
)
from alongside.consent.models import BreakGlass, Consent, RecipientKind
from alongside.conversations.models import HistoryShare, Message
from alongside.core.prepared import Prepared
from alongside.crisis.models import CrisisLine
from alongside.groups.models import ATTENDED, Attendance, Facilitator, Group, Session
from alongside.meetings.models import NoteStatus
from alongside.reports.models import Export
from alongside.supervision.models import IndicatorShare, Pairing
from alongside.web import acting

security_log = logging.getLogger("alongside.security")


class Area(StrEnum):
    """The parts of a client's record; consent is given per area."""

    PROFILE = "profile"
    PLAN = "plan"
    MEETINGS = "meetings"
    CHECKINS = "checkins"
    CRISIS = "crisis"  # the client's crisis plan (docs/crisis-plan.md)
    MESSAGES = "messages"  # the client's conversation with the people who support them (docs/messages.md)


class Verb(StrEnum):
    READ = "read"
    WRITE = "write"  # change what the client owns: only the client
    CONTRIBUTE = "contribute"  # suggest, write a note about, answer a prompt: the client's supporters


# The areas a client can share by consent. Whoever may read any of them may also read the profile
# (name and basic details): a recipient must know whose record they are reading.
CONSENTABLE_AREAS = (Area.PLAN, Area.MEETINGS, Area.CHECKINS, Area.CRISIS, Area.MESSAGES)


@dataclass(frozen=True)
class Basis:
    """Why access was allowed; written into each read's audit entry ("through consent 12")."""

    kind: str  # "self", "assigned", "consent" or "break_glass"
    ref: int | None = None

    def detail(self) -> dict[str, Any]:
        return {"basis": self.kind} | ({self.kind: self.ref} if self.ref is not None else {})


def is_assigned(supporter: Membership, client: Membership) -> bool:
    return Assignment.objects.filter(supporter=supporter, client=client, ended_at__isnull=True).exists()


def _consents_naming(actor: Membership) -> QuerySet[Consent]:
    """Consents naming ``actor`` directly, or by role (the supervisors of their organisation)."""
    supervisor = actor.role == Role.SUPERVISOR
    return _naming(actor.pk, actor.organisation_id, timezone.localdate(), supervisor=supervisor)


def _naming(actor_id: int, organisation_id: int, today: date, *, supervisor: bool) -> QuerySet[Consent]:
    named = Q(recipient_kind=RecipientKind.PERSON, recipient_member_id=actor_id)
    if supervisor:
        named |= Q(recipient_kind=RecipientKind.SUPERVISORS)
    return Consent.objects.active(today).filter(named, organisation_id=organisation_id)


def consent_covering(actor: Membership, area: Area, client: Membership) -> int | None:
    """The id of an active consent from ``client`` that lets ``actor`` read ``area``, if any."""
    for consent_id, areas in _consents_naming(actor).filter(client=client).values_list("pk", "areas"):
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


def visible_notes(actor: Membership, via: str = "") -> Q:
    """Which notes ``actor`` sees on a record they may read: shared ones, plus their own drafts.

    A draft is its author's alone. ``via`` is the path from the model being filtered to the note ("notes__").
    """
    return Q(**{f"{via}status": NoteStatus.PUBLISHED}) | Q(**{f"{via}author": actor})


_BASES_SEEN = "_alongside_access_bases"  # on the request: the basis client_for found for each (client, verb, area)


def _checked(request: HttpRequest, client_id: int, verb: Verb, area: Area) -> tuple[Membership, Membership, Basis]:
    actor = acting(request)
    if actor is not None and actor.pk == client_id:  # a client's own pages: already loaded, with its user
        client: Membership | None = actor
    else:
        client = membership_with_person(client_id)  # with its user and organisation, read in SQL: cheaper
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
    request.__dict__.setdefault(_BASES_SEEN, {})[(client.pk, verb, area)] = basis
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


def may_contribute_after_read(request: HttpRequest, client: Membership, area: Area) -> bool:
    """``can(actor, CONTRIBUTE, area, client)`` on a page that has just read ``area`` through ``client_for``:
    the read's basis answers it without asking the database again. Contributing rests on the same bases as
    reading when they are the client themselves or an open assignment; consent and emergency openings are
    for reading only (``_basis``). Without a read on this request, it asks ``can``."""
    basis = request.__dict__.get(_BASES_SEEN, {}).get((client.pk, Verb.READ, area))
    if basis is None:
        return can(acting(request), Verb.CONTRIBUTE, area, client)
    return basis.kind in ("self", "assigned")


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
    if actor.role == Role.SUPPORTER:  # a join, not EXISTS: cheaper to build; one row each (one_open_assignment)
        return clients.filter(supporter_assignments__supporter=actor, supporter_assignments__ended_at__isnull=True)
    return none


def consents_to(actor: Membership | None) -> QuerySet[Consent]:
    """Active consents that let ``actor`` read part of a client's record (named, or by their role)."""
    if not _may_be_shared_with(actor):
        return Consent.objects.none()
    return _consents_naming(actor).filter(client__is_active=True)


def consents_shown_to(actor: Membership | None) -> list[Consent]:
    """The consents ``consents_to`` gives, with the areas and each client's name alone: what a staff member's
    pages list as shared with them (one prepared query: ``alongside.core.prepared``)."""
    if not _may_be_shared_with(actor):
        return []
    today, supervisor = timezone.localdate(), actor.role == Role.SUPERVISOR
    return _consents_with_names(actor.pk, actor.organisation_id, today, supervisor=supervisor)


def _may_be_shared_with(actor: Membership | None) -> TypeGuard[Membership]:
    return actor is not None and actor.is_active and actor.role != Role.CLIENT


@Prepared
def _consents_with_names(actor_id: int, organisation_id: int, today: date, *, supervisor: bool) -> QuerySet[Consent]:
    consents = _naming(actor_id, organisation_id, today, supervisor=supervisor).filter(client__is_active=True)
    return consents.select_related("client__user").only("areas", "client__user__display_name")


def clients_sharing_with(actor: Membership | None) -> QuerySet[Membership]:
    """People who shared (part of) their record with ``actor``: for their home or team page."""
    sharing = consents_to(actor).filter(client=OuterRef("pk"))
    return Membership.objects.filter(role=Role.CLIENT, is_active=True).filter(Exists(sharing))


def has_own_record(actor: Membership | None) -> TypeGuard[Membership]:
    """Clients keep a record of their own (journey, plan, journal, sharing, My data); staff roles do not."""
    return actor is not None and actor.is_active and actor.role == Role.CLIENT


def own_record(request: HttpRequest, verb: Verb, area: Area, *, action: AuditAction | None = None) -> Membership:
    """The signed-in client's own record, through ``client_for`` (so reads are audited): 404 for anyone else.

    For the client's pages that have no client id in their address, so nobody can ask for another's.
    """
    actor = acting(request)
    if not has_own_record(actor):
        raise Http404("No such person.")
    return client_for(request, actor.pk, verb, area, action=action)


def supporter_for(request: HttpRequest, client_id: int, area: Area) -> tuple[Membership, Membership]:
    """(client, supporter) for what only a peer supporter does: notes, answers to requests and prompts.

    The policy lets the client contribute to their own record too; these pages are the supporter's side.
    """
    actor, client, basis = _checked(request, client_id, Verb.CONTRIBUTE, area)
    if basis.kind == "self":
        raise Http404("This is done by a peer supporter.")
    return client, actor


def can_get_help_now(actor: Membership | None) -> TypeGuard[Membership]:
    """The "Help now" button: a client's own crisis plan first, then their organisation's crisis lines."""
    return has_own_record(actor)


def can_support_people(actor: Membership | None) -> TypeGuard[Membership]:
    """Peer supporters walk alongside people: their home lists them, and they may invite someone to join."""
    return actor is not None and actor.is_active and actor.role == Role.SUPPORTER


def can_receive_shared_records(actor: Membership | None) -> TypeGuard[Membership]:
    """Clients share with staff, not with each other: every staff role may be named in a consent."""
    return _is_active_staff(actor)


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


def break_glass_candidates(actor: Membership | None) -> QuerySet[Membership]:
    """Whose record a supervisor may choose to open in an emergency (the same rule as may_break_glass)."""
    if not can_break_glass(actor):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.CLIENT, is_active=True)


def possible_recipients(client: Membership) -> QuerySet[Membership]:
    """Whom a client may name in a consent: active staff of their own organisation (never another client)."""
    return Membership.objects.filter(organisation_id=client.organisation_id, is_active=True).exclude(role=Role.CLIENT)


def can_manage_organisation(actor: Membership | None) -> TypeGuard[Membership]:
    """People, roles, invitations and assignments: organisation admins only."""
    return actor is not None and actor.is_active and actor.role == Role.ADMIN


def organisation_members(actor: Membership | None) -> QuerySet[Membership]:
    """Everyone in the organisation ``actor`` manages, past members included: for its admins only."""
    if not can_manage_organisation(actor):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=actor.organisation_id)


def organisation_invitations(actor: Membership | None) -> QuerySet[Invitation]:
    """Every invitation of the organisation ``actor`` manages, accepted and cancelled ones included."""
    if not can_manage_organisation(actor):
        return Invitation.objects.none()
    return Invitation.objects.filter(organisation_id=actor.organisation_id)


def pending_invitations(actor: Membership | None) -> QuerySet[Invitation]:
    """Invitations of the organisation ``actor`` manages that are neither accepted nor cancelled yet."""
    return organisation_invitations(actor).filter(accepted_at__isnull=True, cancelled_at__isnull=True)


def assignable_supporters(actor: Membership | None) -> QuerySet[Membership]:
    """The peer supporters an admin may match a client with: the active ones of their organisation."""
    return organisation_members(actor).filter(role=Role.SUPPORTER, is_active=True)


def can_match_with_supporter(actor: Membership | None, member: Membership) -> bool:
    """An admin matches clients of their own organisation with a peer supporter; other roles have none."""
    return (
        can_manage_organisation(actor)
        and member.organisation_id == actor.organisation_id
        and member.role == Role.CLIENT
    )


def crisis_lines_to_manage(actor: Membership | None) -> QuerySet[CrisisLine]:
    """The crisis lines of the organisation ``actor`` manages (its admins set them up); none for anyone else."""
    if not can_manage_organisation(actor):
        return CrisisLine.objects.none()
    return CrisisLine.objects.filter(organisation_id=actor.organisation_id)


def can_view_team(actor: Membership | None) -> TypeGuard[Membership]:
    """The team overview (supporters and how many people each walks alongside), never record contents."""
    return actor is not None and actor.is_active and actor.role in (Role.SUPERVISOR, Role.ADMIN)


def team_supporters(actor: Membership | None) -> list[Membership]:
    """The active peer supporters of the organisation whose team ``actor`` may view, by name, each with
    ``people``: how many active people they walk alongside now."""
    if not can_view_team(actor):
        return []
    return _supporters_with_people(actor.organisation_id)


@Prepared
def _supporters_with_people(organisation_id: int) -> QuerySet[Membership]:
    open_assignment = Q(client_assignments__ended_at__isnull=True, client_assignments__client__is_active=True)
    supporters = Membership.objects.filter(organisation_id=organisation_id, role=Role.SUPPORTER, is_active=True)
    counted = supporters.annotate(people=Count("client_assignments", filter=open_assignment))
    return counted.select_related("user").order_by("user__display_name")


def clients_waiting_for_a_supporter(actor: Membership | None) -> QuerySet[Membership]:
    """Active clients of the team ``actor`` may view who have no peer supporter now: counted, never listed."""
    if not can_view_team(actor):
        return Membership.objects.none()
    open_assignment = Assignment.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)
    clients = Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.CLIENT, is_active=True)
    return clients.exclude(Exists(open_assignment))


def worklist_scope(actor: Membership | None) -> dict[Membership, frozenset[Area]]:
    """Whose signals ``actor``'s worklist shows, by name, and from which parts of each record: all of them for a
    supporter's own people; for the team view, the people who share part of their record with ``actor`` by
    consent (an emergency opening is for its stated reason only), from the shared areas. One query at most."""
    if can_support_people(actor):
        clients = visible_clients(actor).select_related("user").order_by("user__display_name")
        return dict.fromkeys(clients, frozenset(Area))
    if not can_view_team(actor):
        return {}
    consents = consents_to(actor).filter(client__role=Role.CLIENT, client__organisation_id=actor.organisation_id)
    shared: dict[Membership, frozenset[Area]] = {}
    for consent in consents.select_related("client__user").order_by("client__user__display_name", "client_id"):
        areas = {area for area in Area if area.value in consent.areas}
        shared[consent.client] = shared.get(consent.client, frozenset()) | areas
    return shared


def record_shared_signal_reads(
    request: HttpRequest, actor: Membership, shown: Iterable[tuple[Membership, Area]]
) -> None:
    """Signals shown through consent are reads of those areas, so each person sees them on "Who has seen my
    record" as they would a page (``client_for``). A supporter's own people are audited when a page is opened."""
    reads = sorted(set(shown), key=lambda pair: (pair[0].pk, pair[1]))
    if may_act_on_signals(actor) or not reads:
        return
    with transaction.atomic():  # one append to the chain for all of them
        for client, area in reads:
            record(
                organisation=actor.organisation,
                actor=actor.user,
                action=AuditAction.read_of(area),
                client=client,
                detail={"basis": "consent", "via": "worklist"},
                request=request,
            )


def may_act_on_signals(actor: Membership | None) -> TypeGuard[Membership]:
    """A supporter acts on or dismisses their people's signals; the team view only shows them."""
    return can_support_people(actor)


def may_change_worklist_settings(actor: Membership | None, organisation_id: int) -> bool:
    """How many days count as no contact or an overdue check-in: the organisation's admins decide."""
    return can_manage_organisation(actor) and actor.organisation_id == organisation_id


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


def coached_client(actor: Membership | None, client_id: int) -> Membership | None:
    """The client whose own list of words to avoid the coach may mention to ``actor`` while they write:
    someone they write to or about as a supporter. None for anyone else (the hints then leave it out)."""
    client = Membership.objects.select_related("user").filter(pk=client_id).first()
    return client if client is not None and may_contribute_as_supporter(actor, Area.PROFILE, client) else None


def can_hold_api_token(actor: Membership | None) -> TypeGuard[Membership]:
    """Staff may hold API tokens acting as themselves; a token never sees more than its holder."""
    return _is_active_staff(actor)


def manageable_tokens(actor: Membership | None) -> QuerySet[ApiToken]:
    """The API tokens ``actor`` may see and revoke: their own, or all of their organisation's for its admins."""
    if not can_hold_api_token(actor):
        return ApiToken.objects.none()
    tokens = ApiToken.objects.filter(organisation_id=actor.organisation_id)
    return tokens if can_manage_organisation(actor) else tokens.filter(membership=actor)


def needs_second_factor(actor: Membership | None, *, turned_on: bool) -> bool:
    """People in staff roles see client data, so they pass a second step before anything else (unless the
    deployment turns that off, as the demo does); anyone who turned two-step sign-in on is held to it."""
    if actor is None:
        return False
    return turned_on or (settings.REQUIRE_STAFF_TWO_FACTOR and _is_active_staff(actor))


def organisation_exports(actor: Membership | None) -> QuerySet[Export]:
    """Exports of ``actor``'s own organisation; which kinds they may see is each kind's ``may_export``."""
    if actor is None or not actor.is_active:
        return Export.objects.none()
    return Export.objects.filter(organisation_id=actor.organisation_id)


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


# --- Accounts and access: offboarding, invitations, emergency-access review ---------------------------
# Kept together at the end of the module (issue 14).


def can_deactivate(actor: Membership | None, member: Membership) -> bool:
    """Admins end anyone's access in their own organisation, except their own (nobody locks themselves out)."""
    return (
        can_manage_organisation(actor)
        and member.organisation_id == actor.organisation_id
        and member.pk != actor.pk
        and member.is_active
    )


def can_reactivate(actor: Membership | None, member: Membership) -> bool:
    """Admins give access back, except to a client who closed their own account: that was the client's choice."""
    return (
        can_manage_organisation(actor)
        and member.organisation_id == actor.organisation_id
        and not member.is_active
        and not hasattr(member, "closure")
    )


def can_take_over(supporter: Membership, leaving: Membership) -> bool:
    """Who may take on a leaving supporter's clients: another active peer supporter of the same organisation."""
    return (
        supporter.is_active
        and supporter.role == Role.SUPPORTER
        and supporter.pk != leaving.pk
        and supporter.organisation_id == leaving.organisation_id
    )


def can_manage_invitations(actor: Membership | None) -> TypeGuard[Membership]:
    """The list of pending invitations, resending and cancelling them: organisation admins."""
    return can_manage_organisation(actor)


def can_review_break_glass(actor: Membership | None) -> TypeGuard[Membership]:
    """Every emergency opening, its reason and what was read: organisation admins review them."""
    return can_manage_organisation(actor)


def may_end_access(actor: Membership | None, member: Membership) -> bool:
    """An admin ends someone's access (offboarding); a client ends their own (closing their account)."""
    return can_deactivate(actor, member) or is_own(actor, member.pk)


def openings_to_review(actor: Membership | None) -> QuerySet[BreakGlass]:
    """Every emergency opening in the organisation whose openings ``actor`` reviews (none for anyone else)."""
    if not can_review_break_glass(actor):
        return BreakGlass.objects.none()
    return BreakGlass.objects.filter(organisation_id=actor.organisation_id)


def handover_supporters(actor: Membership | None, leaving: Membership) -> QuerySet[Membership]:
    """Who may take on the clients of ``leaving``: the organisation's other active peer supporters."""
    return assignable_supporters(actor).exclude(pk=leaving.pk)


def can_end_break_glass(actor: Membership | None, opening: BreakGlass) -> bool:
    """Only the supervisor who opened a record can end that opening early."""
    return actor is not None and actor.is_active and opening.opened_by_id == actor.pk


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


def may_choose_language(user: User, person_id: int) -> bool:
    """A person chooses the language of their own pages and messages, and nobody else's."""
    return user.is_authenticated and user.is_active and person_id == user.pk


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


def may_change_notifications(actor: Membership | None, member: Membership) -> bool:
    """Each person chooses their own notifications; nobody chooses for someone else."""
    return actor is not None and actor.is_active and actor.pk == member.pk


# --- Messages (docs/messages.md) -----------------------------------------------------------------------------
# Reading a conversation is ``can(actor, READ, MESSAGES, client)``; sharing it by consent (the ``messages`` area)
# lets that person take part too, as the issue asks ("and anyone the client consents to").


def may_take_part_in_messages(actor: Membership | None, client: Membership) -> bool:
    """Write in a client's conversation: the client, their assigned supporters and whoever the client shares
    their messages with. An emergency opening reads the conversation, never writes in it."""
    basis = access_basis(actor, Verb.READ, Area.MESSAGES, client)
    return basis is not None and basis.kind in ("self", "assigned", "consent")


def may_change_message(actor: Membership | None, message: Message) -> bool:
    """Only the sender edits or withdraws a message, and only while they still take part in the conversation."""
    return actor is not None and actor.pk == message.author_id and may_take_part_in_messages(actor, message.client)


def may_set_message_choices(actor: Membership | None, client: Membership) -> bool:
    """The "stop" and who reads earlier messages are the client's own choices."""
    return is_own(actor, client.pk)


def joined_messages_at(actor: Membership, client: Membership) -> datetime | None:
    """When ``actor``'s current way into the conversation began: their open assignment, else the consent."""
    started = (
        Assignment.objects.filter(supporter=actor, client=client, ended_at__isnull=True)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if started is None and (consent_id := consent_covering(actor, Area.MESSAGES, client)):
        started = Consent.objects.filter(pk=consent_id).values_list("signed_at", flat=True).first()
    return started


def message_history_from(actor: Membership, client: Membership, *, by_default: bool) -> datetime | None:
    """From when ``actor`` reads the client's messages; None means all of them.

    The client reads everything, and so does a supervisor during an emergency opening. Anyone else reads from
    when they joined (a new supporter does not read what was said before them) unless the client agreed:
    their choice for that person, else their default for new supporters (``by_default``).
    """
    basis = access_basis(actor, Verb.READ, Area.MESSAGES, client)
    if basis is None or basis.kind in ("self", "break_glass"):
        return None
    choice = HistoryShare.objects.filter(client=client, member=actor).values_list("allowed", flat=True).first()
    if choice if choice is not None else by_default:
        return None
    return joined_messages_at(actor, client)


def visible_messages(actor: Membership, client: Membership, *, by_default: bool) -> Q:
    """Which of the client's messages ``actor`` sees on a conversation they may read: those from when they
    joined (``message_history_from``), and whatever they wrote themselves."""
    since = message_history_from(actor, client, by_default=by_default)
    return Q() if since is None else Q(sent_at__gte=since) | Q(author=actor)


def supporters_to_tell(client: Membership) -> QuerySet[Membership]:
    """The peer supporters walking alongside ``client`` now: they hear of the client's requests and prompts."""
    open_assignment = Assignment.objects.filter(client=client, supporter=OuterRef("pk"), ended_at__isnull=True)
    supporters = Membership.objects.filter(organisation_id=client.organisation_id, role=Role.SUPPORTER, is_active=True)
    return supporters.filter(Exists(open_assignment)).select_related("user")


# --- Reflective supervision (docs/supervision.md) ------------------------------------------------------------
# A private space between a supervisor and the peer supporter they supervise: no client's record, and nobody
# else reads it. Organisation admins arrange the pairings and see that sessions happened and when, never what
# was said, the goals or the indicators: supervision helps peers grow only if they can speak freely in it.


def can_be_supervised(actor: Membership | None) -> TypeGuard[Membership]:
    """Peer supporters have a supervision space of their own ("My supervision")."""
    return can_support_people(actor)


def can_supervise(actor: Membership | None) -> TypeGuard[Membership]:
    """Supervisors hold supervision with the peers paired with them ("People I supervise")."""
    return actor is not None and actor.is_active and actor.role == Role.SUPERVISOR


def can_arrange_supervision(actor: Membership | None) -> TypeGuard[Membership]:
    """Organisation admins pair supervisors with peers, and end pairings."""
    return can_manage_organisation(actor)


def supervisors_to_pair(actor: Membership | None) -> QuerySet[Membership]:
    """Whom ``actor`` may name as the supervisor of a pairing: any active supervisor for an admin, themselves
    for a supervisor."""
    if actor is None or not actor.is_active:
        return Membership.objects.none()
    supervisors = Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.SUPERVISOR, is_active=True)
    if can_arrange_supervision(actor):
        return supervisors
    return supervisors.filter(pk=actor.pk) if can_supervise(actor) else Membership.objects.none()


def peers_to_pair(actor: Membership | None) -> QuerySet[Membership]:
    """The peers ``actor`` may pair with a supervisor: the organisation's active peer supporters."""
    if not (can_arrange_supervision(actor) or can_supervise(actor)):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=actor.organisation_id, role=Role.SUPPORTER, is_active=True)


def may_start_pairing(actor: Membership | None, supervisor: Membership, peer: Membership) -> bool:
    """An admin pairs any supervisor with any peer of their organisation; a supervisor pairs only themselves."""
    return (
        supervisors_to_pair(actor).filter(pk=supervisor.pk).exists()
        and peers_to_pair(actor).filter(pk=peer.pk).exists()
    )


def pairings_to_manage(actor: Membership | None) -> QuerySet[Pairing]:
    """Every pairing of the organisation whose supervision ``actor`` arranges (admins), ended ones included."""
    if not can_arrange_supervision(actor):
        return Pairing.objects.none()
    return Pairing.objects.filter(organisation_id=actor.organisation_id)


def may_end_pairing(actor: Membership | None, pairing: Pairing) -> bool:
    """An open pairing is ended by an admin of its organisation or by its own supervisor."""
    if actor is None or not actor.is_active or pairing.organisation_id != actor.organisation_id:
        return False
    return pairing.is_open and (can_arrange_supervision(actor) or pairing.supervisor_id == actor.pk)


def supervision_pairings(actor: Membership | None) -> QuerySet[Pairing]:
    """The pairings whose space ``actor`` shares: those they are the supervisor or the peer of, ended ones
    included (both keep reading what they wrote together; nobody writes once it ends)."""
    if not (can_be_supervised(actor) or can_supervise(actor)):
        return Pairing.objects.none()
    mine = Q(peer=actor) if can_be_supervised(actor) else Q(supervisor=actor)
    return Pairing.objects.filter(mine, organisation_id=actor.organisation_id)


def supervision_space(request: HttpRequest, pairing_id: int) -> tuple[Pairing, Membership]:
    """The gateway to a supervision space: (pairing, the one of the two acting), or 404 for everyone else."""
    actor = acting(request)
    pairing = supervision_pairings(actor).select_related("supervisor__user", "peer__user").filter(pk=pairing_id).first()
    if actor is None or pairing is None:
        security_log.warning("Denied supervision space %s to user %s", pairing_id, request.user.pk or "anonymous")
        raise Http404("No such page.")
    return pairing, actor


def may_write_in_space(actor: Membership | None, pairing: Pairing) -> bool:
    """Sessions and what they hold are written by the two of them while the pairing is open."""
    return (
        pairing.is_open
        and supervision_pairings(actor).filter(pk=pairing.pk).exists()
        and actor is not None
        and actor.pk in (pairing.peer_id, pairing.supervisor_id)
    )


def is_the_peer(actor: Membership | None, pairing: Pairing) -> bool:
    """The peer owns their development goals and their indicators."""
    return can_be_supervised(actor) and actor.pk == pairing.peer_id and actor.organisation_id == pairing.organisation_id


def may_own_goals(actor: Membership | None, pairing: Pairing) -> bool:
    """The peer writes their goals, accepts or declines a suggestion, and marks progress (while open)."""
    return is_the_peer(actor, pairing) and pairing.is_open


def may_suggest_goal(actor: Membership | None, pairing: Pairing) -> bool:
    """The supervisor suggests; the suggestion becomes a goal only when the peer takes it up."""
    return may_write_in_space(actor, pairing) and actor is not None and actor.pk == pairing.supervisor_id


def may_share_indicators(actor: Membership | None, pairing: Pairing) -> bool:
    """Only the peer shares their indicators, with the supervisor of an open pairing."""
    return may_own_goals(actor, pairing)


def may_revoke_indicator_share(actor: Membership | None, pairing: Pairing) -> bool:
    """The peer stops sharing at any time, even after the pairing ended."""
    return is_the_peer(actor, pairing)


def indicators_shared(pairing: Pairing) -> bool:
    """Whether the peer shares their indicators with this pairing's supervisor now (asked on every request)."""
    return pairing.is_open and IndicatorShare.objects.filter(pairing=pairing, revoked_at__isnull=True).exists()


def may_see_indicators(actor: Membership | None, pairing: Pairing) -> bool:
    """The peer sees their own indicators first; their supervisor only while the peer shares them."""
    if is_the_peer(actor, pairing):
        return True
    return (
        actor is not None
        and can_supervise(actor)
        and actor.pk == pairing.supervisor_id
        and actor.organisation_id == pairing.organisation_id
        and indicators_shared(pairing)
    )


# --- Group sessions (docs/service-delivery.md, "Group sessions") ---------------------------------------------
# A group's name, kind, usual time and place are the organisation's, not anyone's record: its staff see them.
# Who attended is part of each attendee's record. Nobody learns it from a group unless they facilitate the group
# or, as an admin or supervisor of its organisation, answer for the organisation's work (``roster_basis``). A
# client sees only their own attendance, never the roster and never how many others came.


def facilitates(actor: Membership | None, group: Group) -> bool:
    """``actor`` is one of the group's facilitators (and still active in its organisation)."""
    return (
        actor is not None
        and actor.is_active
        and actor.organisation_id == group.organisation_id
        and Facilitator.objects.filter(group=group, member=actor).exists()
    )


def can_see_groups(actor: Membership | None) -> TypeGuard[Membership]:
    """The organisation's groups and their times and places: every staff role (to run them, or to tell people)."""
    return _is_active_staff(actor)


def organisation_groups(actor: Membership | None) -> QuerySet[Group]:
    """The groups of ``actor``'s own organisation, for its staff; none for anyone else."""
    if not can_see_groups(actor):
        return Group.objects.none()
    return Group.objects.filter(organisation_id=actor.organisation_id)


def can_start_groups(actor: Membership | None) -> TypeGuard[Membership]:
    """A new group, and who facilitates it: the organisation's admins."""
    return can_manage_organisation(actor)


def may_run_group(actor: Membership | None, group: Group) -> bool:
    """Change a group, add its sessions, take attendance, write its group note: its facilitators and the
    admins of its organisation."""
    if actor is None or not actor.is_active or actor.organisation_id != group.organisation_id:
        return False
    return actor.role == Role.ADMIN or facilitates(actor, group)


def roster_basis(actor: Membership | None, group: Group) -> Basis | None:
    """Why ``actor`` may learn who attended the group's sessions, or None: its facilitators; the admins and
    supervisors of its organisation (they answer for its work). Written into the audit entry of each read."""
    if actor is None or not actor.is_active or actor.organisation_id != group.organisation_id:
        return None
    if facilitates(actor, group):
        return Basis("facilitator", group.pk)
    if actor.role in (Role.ADMIN, Role.SUPERVISOR):
        return Basis(str(actor.role), group.pk)
    return None


def may_see_roster(actor: Membership | None, group: Group) -> bool:
    return roster_basis(actor, group) is not None


def possible_facilitators(actor: Membership | None) -> QuerySet[Membership]:
    """Whom an admin may name as a facilitator: the active staff of their organisation (never a client)."""
    if not can_start_groups(actor):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=actor.organisation_id, is_active=True).exclude(role=Role.CLIENT)


def may_be_facilitator(group_organisation_id: int, member: Membership) -> bool:
    return member.is_active and member.organisation_id == group_organisation_id and member.role != Role.CLIENT


def attendance_candidates(actor: Membership | None, session: Session) -> QuerySet[Membership]:
    """Who may be marked at a session: the active clients of the group's organisation, for whoever runs it."""
    if not may_run_group(actor, session.group):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=session.organisation_id, role=Role.CLIENT, is_active=True)


def may_mark_attendance(actor: Membership | None, session: Session, client: Membership) -> bool:
    """Take attendance: whoever runs the group, for an active client of its organisation."""
    return (
        may_run_group(actor, session.group)
        and client.role == Role.CLIENT
        and client.is_active
        and client.organisation_id == session.organisation_id
    )


def may_write_individual_note(actor: Membership | None, attendance: Attendance) -> bool:
    """A note about one attendee, for their record: a facilitator of the group, about someone who came.

    An admin who does not facilitate takes attendance but writes nothing about a person they did not meet."""
    return (
        attendance.status in ATTENDED
        and facilitates(actor, attendance.session.group)
        and actor is not None
        and actor.organisation_id == attendance.organisation_id
    )


def own_group_attendance(actor: Membership | None) -> QuerySet[Attendance]:
    """A client's own attendance, and nobody else's: what they see of the groups they took part in."""
    if not has_own_record(actor):
        return Attendance.objects.none()
    return Attendance.objects.filter(client=actor, organisation_id=actor.organisation_id)


def may_choose_attendance_milestones(actor: Membership | None, client: Membership) -> bool:
    """Whether the group sessions a client goes to count as their milestones is the client's own choice: only
    they make it, for their own record; no supporter, supervisor or admin makes it for them."""
    return has_own_record(actor) and is_own(actor, client.pk)


def may_see_attendance_milestones(actor: Membership | None, client: Membership) -> bool:
    """Milestones from group attendance: the client only. They count the client's sessions across every group,
    and nobody else sees that whole count: a facilitator sees only their own group's sessions, an assigned peer
    supporter does not see the client's attendance at all, and an admin or supervisor sees rosters to answer
    for the organisation's work, not as part of reading someone's plan. So the supporter's view of the plan
    shows the plan's milestones only (docs/service-delivery.md, "Milestones from attendance")."""
    return has_own_record(actor) and is_own(actor, client.pk)


def session_attendance(actor: Membership | None, session: Session) -> QuerySet[Attendance]:
    """The roster of a session, for whoever ``roster_basis`` allows; empty for anyone else."""
    if not may_see_roster(actor, session.group):
        return Attendance.objects.none()
    return Attendance.objects.filter(session=session, organisation_id=session.organisation_id)


# --- Session documentation, co-signature and billing (docs/service-delivery.md) ----------------------------
# A record is written and signed by the client's assigned supporter; it is locked once signed. Supervisors read
# the records waiting for their co-signature (supervision is their duty), nothing else of the client's record.


def may_document_session(actor: Membership | None, client: Membership) -> bool:
    """Session documentation comes from the client's assigned supporters, like notes."""
    return may_contribute_as_supporter(actor, Area.MEETINGS, client)


def may_document_group_attendance(actor: Membership | None, attendance: Attendance) -> bool:
    """The session record of one group attendee: a facilitator of the group, about someone who came (present or
    left early), as with the notes about one attendee."""
    return may_write_individual_note(actor, attendance)


def attendance_to_document(actor: Membership | None) -> QuerySet[Attendance]:
    """Attendance rows whose session record page ``actor`` may reach: their own, as the attendee, or those of
    the groups they facilitate (each row is then checked by ``may_document_group_attendance`` or ``is_own``)."""
    if actor is None or not actor.is_active:
        return Attendance.objects.none()
    facilitated = Facilitator.objects.filter(member=actor).values("group_id")
    return Attendance.objects.filter(organisation_id=actor.organisation_id).filter(
        Q(client=actor) | Q(session__group_id__in=facilitated)
    )


def _may_document_record(actor: Membership | None, record: SessionRecord) -> bool:
    if record.attendance is not None:
        return may_document_group_attendance(actor, record.attendance)
    return may_document_session(actor, record.client)


def may_change_session_record(actor: Membership | None, record: SessionRecord) -> bool:
    """Its author changes and signs a record while it is a draft or was returned; a signed one is only amended."""
    return (
        actor is not None
        and actor.pk == record.author_id
        and not record.is_locked
        and _may_document_record(actor, record)
    )


def may_amend_session_record(actor: Membership | None, record: SessionRecord) -> bool:
    """A signed record is changed by its author only, as an amendment with a reason."""
    return (
        actor is not None and actor.pk == record.author_id and record.is_locked and _may_document_record(actor, record)
    )


def may_client_cosign(actor: Membership | None, record: SessionRecord) -> bool:
    """The client may co-sign a signed record about them (never required)."""
    return is_own(actor, record.client_id) and record.is_locked and record.client_signed_at is None


def needs_cosignature(author: Membership) -> bool:
    """Whether the organisation asks a supervisor to co-sign what someone in ``author``'s role signs."""
    return CosignRule.objects.filter(organisation_id=author.organisation_id, role=author.role).exists()


def can_cosign_sessions(actor: Membership | None) -> TypeGuard[Membership]:
    """Supervisors co-sign (or return) the records of their organisation that need it."""
    return actor is not None and actor.is_active and actor.role == Role.SUPERVISOR


def records_awaiting_cosignature(actor: Membership | None) -> QuerySet[SessionRecord]:
    """The queue: records of ``actor``'s organisation waiting for a co-signature, never their own."""
    if not can_cosign_sessions(actor):
        return SessionRecord.objects.none()
    return SessionRecord.objects.filter(
        organisation_id=actor.organisation_id, status=RecordStatus.AWAITING_COSIGN
    ).exclude(author=actor)


def may_cosign(actor: Membership | None, record: SessionRecord) -> bool:
    return records_awaiting_cosignature(actor).filter(pk=record.pk).exists()


def cosigners_of(record: SessionRecord) -> QuerySet[Membership]:
    """Who may co-sign ``record`` (so who is told it waits): the active supervisors of its organisation, never
    its author."""
    supervisors = Membership.objects.filter(
        organisation_id=record.organisation_id, role=Role.SUPERVISOR, is_active=True
    )
    return supervisors.exclude(pk=record.author_id).select_related("user")


def can_configure_billing(actor: Membership | None) -> TypeGuard[Membership]:
    """Payers, service codes, places of service and co-signature rules: organisation admins."""
    return can_manage_organisation(actor)


def may_configure_billing(actor: Membership | None, organisation_id: int) -> bool:
    return can_configure_billing(actor) and actor.organisation_id == organisation_id


def billing_payers(actor: Membership | None) -> QuerySet[Payer]:
    if not can_configure_billing(actor):
        return Payer.objects.none()
    return Payer.objects.filter(organisation_id=actor.organisation_id).order_by("name")


def billing_codes(actor: Membership | None) -> QuerySet[ServiceCode]:
    if not can_configure_billing(actor):
        return ServiceCode.objects.none()
    return ServiceCode.objects.filter(organisation_id=actor.organisation_id).select_related("payer")


def billing_places(actor: Membership | None) -> QuerySet[PlaceOfService]:
    if not can_configure_billing(actor):
        return PlaceOfService.objects.none()
    return PlaceOfService.objects.filter(organisation_id=actor.organisation_id).order_by("code")


def billing_cosign_rules(actor: Membership | None) -> QuerySet[CosignRule]:
    if not can_configure_billing(actor):
        return CosignRule.objects.none()
    return CosignRule.objects.filter(organisation_id=actor.organisation_id)


def can_export_billing(actor: Membership | None) -> TypeGuard[Membership]:
    """The billing export names clients and services: organisation admins."""
    return can_manage_organisation(actor)


def billing_batches(actor: Membership | None) -> QuerySet[BillingBatch]:
    if not can_export_billing(actor):
        return BillingBatch.objects.none()
    return BillingBatch.objects.filter(organisation_id=actor.organisation_id).select_related("export")
