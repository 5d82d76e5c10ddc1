"""The role matrix: who may read, contribute to or change a client's record."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from alongside import policy
from alongside.accounts.models import Assignment
from alongside.audit.models import AuditEntry
from alongside.policy import Area, Verb

from .conftest import People

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("area", list(Area))
def test_role_matrix(people: People, area: Area) -> None:
    client = people.client
    expected = {
        "client": {Verb.READ, Verb.WRITE, Verb.CONTRIBUTE},
        "supporter": {Verb.READ, Verb.CONTRIBUTE},
        "unassigned_supporter": set(),
        "supervisor": set(),
        "admin": set(),
        "outsider_supporter": set(),
        "other_client": set(),
        "outsider_client": set(),
    }
    for actor_name, allowed in expected.items():
        actor = getattr(people, actor_name)
        for verb in Verb:
            assert policy.can(actor, verb, area, client) == (verb in allowed), (actor_name, verb, area)


def test_anonymous_may_do_nothing(people: People) -> None:
    assert not any(policy.can(None, verb, area, people.client) for verb in Verb for area in Area)


def test_ended_assignment_takes_effect_at_once(people: People) -> None:
    assert policy.can(people.supporter, Verb.READ, Area.PLAN, people.client)
    Assignment.objects.filter(client=people.client).update(ended_at="2026-01-01T00:00Z")
    assert not policy.can(people.supporter, Verb.READ, Area.PLAN, people.client)


def test_deactivated_supporter_is_refused(people: People) -> None:
    people.supporter.is_active = False
    people.supporter.save()
    assert not policy.can(people.supporter, Verb.READ, Area.PLAN, people.client)


def test_an_error_while_deciding_denies(people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> bool:
        raise RuntimeError("database went away")

    monkeypatch.setattr(policy, "is_assigned", broken)
    assert not policy.can(people.supporter, Verb.READ, Area.PLAN, people.client)


def test_visible_clients_lists_only_assigned_people_of_the_same_organisation(people: People) -> None:
    assert list(policy.visible_clients(people.supporter)) == [people.client]
    assert list(policy.visible_clients(people.client)) == [people.client]
    assert list(policy.visible_clients(people.outsider_supporter)) == [people.outsider_client]
    for member in (people.supervisor, people.admin, None):
        assert not policy.visible_clients(member).exists()


def test_private_items_are_the_clients_alone(people: People) -> None:
    assert policy.can_see_private(people.client, people.client)
    for actor in (people.supporter, people.supervisor, people.admin, people.other_client):
        assert not policy.can_see_private(actor, people.client)


def test_client_for_records_each_read_and_hides_refusals(people: People) -> None:
    request = RequestFactory().get("/")
    request.membership, request.user = people.supporter, people.supporter.user  # type: ignore[attr-defined]
    assert policy.client_for(request, people.client.pk, Verb.READ, Area.PLAN) == people.client
    entry = AuditEntry.objects.get(action="read.plan")
    assert (entry.actor, entry.client) == (people.supporter.user, people.client)
    request.membership = people.unassigned_supporter  # type: ignore[attr-defined]
    with pytest.raises(Http404):
        policy.client_for(request, people.client.pk, Verb.READ, Area.PLAN)
    with pytest.raises(Http404):
        policy.client_for(request, 987654, Verb.READ, Area.PLAN)


def test_invitation_rights(people: People) -> None:
    assert all(policy.can_invite(people.admin, role) for role in ("client", "supporter", "supervisor", "admin"))
    assert policy.can_invite(people.supporter, "client")
    assert not policy.can_invite(people.supporter, "supporter")
    assert not policy.can_invite(people.client, "client")
    assert not policy.can_invite(people.supervisor, "client")
