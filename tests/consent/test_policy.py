"""Consent and emergency access as the policy sees them: checked on every request, ended at once."""

from datetime import timedelta

import pytest
import time_machine
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from alongside import policy
from alongside.consent import actions
from alongside.consent.models import RecipientKind
from alongside.policy import Area, Verb
from tests.conftest import People

from .factories import open_in_emergency, share

pytestmark = pytest.mark.django_db


def reads(actor, client) -> set[Area]:
    return {area for area in Area if policy.can(actor, Verb.READ, area, client)}


def test_without_consent_nobody_else_reads(people: People) -> None:
    for actor in (people.unassigned_supporter, people.supervisor, people.admin, people.other_client):
        assert reads(actor, people.client) == set()


def test_a_person_reads_only_the_areas_shared_with_them(people: People) -> None:
    share(people.client, people.admin, areas=["plan", "checkins"])
    assert reads(people.admin, people.client) == {Area.PROFILE, Area.PLAN, Area.CHECKINS}
    assert not policy.can(people.admin, Verb.WRITE, Area.PLAN, people.client)
    assert not policy.can(people.admin, Verb.CONTRIBUTE, Area.PLAN, people.client)
    assert reads(people.supervisor, people.client) == set()


def test_sharing_with_the_supervisors_reaches_every_supervisor_and_only_them(people: People) -> None:
    from tests.factories import staff_member

    second = staff_member("supervisor", people.organisation)
    share(people.client, kind=RecipientKind.SUPERVISORS, areas=["meetings"])
    assert reads(people.supervisor, people.client) == reads(second, people.client) == {Area.PROFILE, Area.MEETINGS}
    assert reads(people.unassigned_supporter, people.client) == set()
    assert reads(people.admin, people.client) == set()


def test_outside_recipients_have_no_sign_in_to_read_with(people: People) -> None:
    share(people.client, kind=RecipientKind.OUTSIDE, areas=["plan"])
    for actor in (people.supervisor, people.admin, people.unassigned_supporter, people.outsider_supporter):
        assert reads(actor, people.client) == set()


def test_revocation_ends_access_on_the_next_request(people: People) -> None:
    consent = share(people.client, people.supervisor)
    request = RequestFactory().get("/")
    request.membership, request.user = people.supervisor, people.supervisor.user  # type: ignore[attr-defined]
    assert policy.client_for(request, people.client.pk, Verb.READ, Area.PLAN) == people.client
    actions.revoke_consent(consent, by=people.client.user)
    with pytest.raises(Http404):
        policy.client_for(request, people.client.pk, Verb.READ, Area.PLAN)


def test_expiry_ends_access_after_the_last_day(people: People) -> None:
    last_day = timezone.localdate() + timedelta(days=3)
    share(people.client, people.supervisor, expires_on=last_day)
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        assert policy.can(people.supervisor, Verb.READ, Area.PLAN, people.client)
    with time_machine.travel(timezone.now() + timedelta(days=4), tick=False):
        assert not policy.can(people.supervisor, Verb.READ, Area.PLAN, people.client)


def test_a_closed_or_left_client_is_read_by_nobody(people: People) -> None:
    share(people.client, people.supervisor)
    people.client.is_active = False
    people.client.save()
    assert reads(people.supervisor, people.client) == set()


def test_emergency_access_is_for_supervisors_only_and_ends_by_itself(people: People, settings) -> None:
    settings.BREAK_GLASS_MINUTES = 60
    open_in_emergency(people.supervisor, people.client)
    assert reads(people.supervisor, people.client) == set(Area)
    assert not policy.can(people.supervisor, Verb.WRITE, Area.PLAN, people.client)
    assert not policy.can_see_private(people.supervisor, people.client)
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        assert reads(people.supervisor, people.client) == set()
    assert not policy.may_break_glass(people.admin, people.client)
    assert not policy.may_break_glass(people.supervisor, people.outsider_client)


def test_lists_of_who_shares_with_me(people: People) -> None:
    share(people.client, people.admin)
    share(people.other_client, kind=RecipientKind.SUPERVISORS)
    assert list(policy.clients_sharing_with(people.admin)) == [people.client]
    assert list(policy.clients_sharing_with(people.supervisor)) == [people.other_client]
    assert not policy.clients_sharing_with(people.outsider_supporter).exists()
    assert not policy.clients_sharing_with(people.client).exists()
    assert not policy.consents_to(None).exists()


def test_reads_are_audited_with_why_they_were_allowed(people: People) -> None:
    consent = share(people.client, people.supervisor)
    request = RequestFactory().get("/")
    request.membership, request.user = people.supervisor, people.supervisor.user  # type: ignore[attr-defined]
    policy.client_for(request, people.client.pk, Verb.READ, Area.PLAN)
    from alongside.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(action="read.plan").get()
    assert entry.detail == {"basis": "consent", "consent": consent.pk}
