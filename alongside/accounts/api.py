"""API endpoints about people: who the token acts as, and the clients it may see.

Access goes through ``alongside.policy`` only: ``visible_clients`` for the list, ``client_for`` (404 for
anyone else, audit entry for the read) for one client.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from alongside import policy
from alongside.api.auth import ApiRequest
from alongside.api.schemas import ERRORS, PageMeta, PageParams, page_of
from alongside.audit.actions import AuditAction
from alongside.audit.log import record

from .models import Membership

router = Router(tags=["people"])


class OrganisationOut(Schema):
    name: str
    slug: str


class MeOut(Schema):
    membership_id: int
    name: str
    role: str = Field(description="client, supporter, supervisor or admin")
    organisation: OrganisationOut
    token_name: str
    token_expires_at: datetime


class PersonOut(Schema):
    id: int = Field(description="The person's membership id in this organisation.")
    name: str


class ClientPage(PageMeta):
    items: list[PersonOut]


class ClientProfile(PersonOut):
    since: datetime = Field(description="When they joined the organisation.")
    supporters: list[PersonOut] = Field(description="Peer supporters walking alongside them now.")


def person(member: Membership) -> dict[str, object]:
    return {"id": member.pk, "name": member.user.display_name}


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Who this token acts as")
def me(request: ApiRequest) -> dict[str, object]:
    member = request.membership
    token = request.auth
    return {
        "membership_id": member.pk,
        "name": member.user.display_name,
        "role": member.role,
        "organisation": member.organisation,
        "token_name": token.name,
        "token_expires_at": token.expires_at,
    }


@router.get("/clients", response={200: ClientPage, **ERRORS}, summary="Clients this token may see")
def clients(request: ApiRequest, params: Query[PageParams]) -> dict[str, object]:
    """A supporter's token lists the people they are assigned to; other roles see none here."""
    member = request.membership
    visible = policy.visible_clients(member).select_related("user").order_by("user__display_name", "pk")
    items, meta = page_of(visible, params)
    if items:
        record(
            organisation=member.organisation,
            actor=member.user,
            action=AuditAction.READ_CLIENT_LIST,
            detail={"clients": [client.pk for client in items], "via": "api"},
            request=request,
        )
    return {**meta, "items": [person(client) for client in items]}


@router.get("/clients/{id}", response={200: ClientProfile, **ERRORS}, summary="One client and their supporters")
def client_profile(request: HttpRequest, id: int) -> dict[str, object]:
    client = policy.client_for(request, id, policy.Verb.READ, policy.Area.PROFILE)
    supporters = (
        Membership.objects.filter(
            client_assignments__client=client, client_assignments__ended_at__isnull=True, is_active=True
        )
        .select_related("user")
        .order_by("user__display_name")
    )
    return {**person(client), "since": client.created_at, "supporters": [person(s) for s in supporters]}
