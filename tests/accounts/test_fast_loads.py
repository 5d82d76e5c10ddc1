"""The two reads every signed-in request makes, written in SQL: they must load exactly what the ORM loads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.backends import MembershipBackend, active_memberships_with_people, membership_with_person
from alongside.accounts.models import Membership, Role
from alongside.accounts.sessions import SessionStore
from tests.conftest import People
from tests.factories import staff_member

pytestmark = pytest.mark.django_db


def fields_of(instance: object) -> dict[str, object]:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}  # type: ignore[attr-defined]


def test_memberships_load_as_the_orm_loads_them(people: People) -> None:
    second = staff_member(Role.SUPPORTER, people.outsider_supporter.organisation, user=people.client.user)
    expected = list(
        Membership.objects.select_related("user", "organisation")
        .filter(user=people.client.user, is_active=True)
        .order_by("pk")
    )
    loaded = active_memberships_with_people(people.client.user.pk)
    assert [membership.pk for membership in loaded] == [people.client.pk, second.pk]
    for ours, theirs in zip(loaded, expected, strict=True):
        assert fields_of(ours) == fields_of(theirs)
        assert fields_of(ours.user) == fields_of(theirs.user)
        assert fields_of(ours.organisation) == fields_of(theirs.organisation)
        assert ours.user.last_login is None or timezone.is_aware(ours.user.last_login)
        assert timezone.is_aware(ours.created_at) and ours.is_active is True
        assert not ours._state.adding and ours._state.db == "default"
    assert loaded[0].user is loaded[1].user  # one person object


@pytest.mark.parametrize("who", ["client", "supporter"])
def test_a_membership_by_id_loads_as_the_orm_loads_it(people: People, who: str) -> None:
    """The policy's read of a client (``policy._checked``): inactive ones too, for the policy to refuse."""
    member = getattr(people, who)
    Membership.objects.filter(pk=member.pk).update(is_active=False)
    expected = Membership.objects.select_related("user", "organisation").get(pk=member.pk)
    loaded = membership_with_person(member.pk)
    assert loaded is not None
    assert fields_of(loaded) == fields_of(expected) and loaded.is_active is False
    assert fields_of(loaded.user) == fields_of(expected.user)
    assert fields_of(loaded.organisation) == fields_of(expected.organisation)
    assert not loaded._state.adding and loaded._state.db == "default"
    assert membership_with_person(10**9) is None
    assert membership_with_person(2**70) is None and membership_with_person(-(2**70)) is None  # no row has one


def test_inactive_memberships_are_not_loaded_and_the_person_alone_is(people: People) -> None:
    Membership.objects.filter(user=people.client.user).update(is_active=False)
    assert active_memberships_with_people(people.client.user.pk) == []
    person = MembershipBackend().get_user(people.client.user.pk)
    assert person is not None and person.pk == people.client.user.pk and person.active_memberships == []


def test_a_deactivated_person_is_refused(people: People) -> None:
    type(people.client.user).objects.filter(pk=people.client.user.pk).update(is_active=False)
    assert MembershipBackend().get_user(people.client.user.pk) is None


def test_the_person_and_memberships_are_one_query(people: People) -> None:
    with CaptureQueriesContext(connection) as captured:
        person = MembershipBackend().get_user(people.supporter.user.pk)
        assert person is not None
        assert [membership.organisation.name for membership in person.active_memberships]
    assert len(captured) == 1


def saved_session(expires_in: timedelta) -> str:
    store = DjangoSessionStore()
    store["colour"] = "teal"
    store.create()
    DjangoSessionStore.get_model_class().objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    assert store.session_key is not None
    return store.session_key


def test_a_session_reads_what_django_saved() -> None:
    key = saved_session(timedelta(minutes=5))
    store = SessionStore(key)
    assert store["colour"] == "teal" and store.session_key == key


def test_an_expired_session_reads_as_empty_and_loses_its_key() -> None:
    key = saved_session(timedelta(seconds=-1))
    store = SessionStore(key)
    assert store.get("colour") is None and store.session_key is None


def test_an_unknown_or_missing_key_reads_as_empty() -> None:
    assert SessionStore("x" * 32).get("colour") is None
    assert SessionStore(None).get("colour") is None


def test_a_session_saved_through_this_engine_reads_back() -> None:
    store = SessionStore()
    store["colour"] = "amber"
    store.save()
    assert SessionStore(store.session_key)["colour"] == "amber"
