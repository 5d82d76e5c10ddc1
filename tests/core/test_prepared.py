"""Prepared queries (alongside.core.prepared): the rows the ORM would give, compiled once per shape, and refused
or caught when a builder does not only pass its arguments into the query."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db.models import Count, Prefetch, QuerySet
from django.test import override_settings
from django.utils import timezone

from alongside.accounts.models import Assignment, Membership, Role
from alongside.core import prepared
from alongside.core.prepared import Prepared
from tests.factories import OrganisationFactory, assign, client_member, staff_member

pytestmark = pytest.mark.django_db


def _people(client_ids: list[int], role: str, joined_before: datetime, joined_by: date) -> QuerySet[Any]:
    """Ids, a text, a time and a date: each kind of value a prepared query takes, the date through ``__date`` (on
    SQLite the adapter writes it as text)."""
    chosen = Membership.objects.filter(pk__in=client_ids, role=role, created_at__lt=joined_before)
    return chosen.filter(created_at__date__lte=joined_by).values("pk", "user__display_name", "created_at")


@pytest.fixture
def clients() -> list[Membership]:
    organisation = OrganisationFactory.create()
    return [client_member(organisation) for _ in range(4)]


def test_gives_the_rows_the_orm_gives_for_every_shape_and_value(clients: list[Membership]) -> None:
    people = Prepared(_people)
    later, today = timezone.now() + timedelta(minutes=1), timezone.localdate() + timedelta(days=1)
    for ids in ([clients[0].pk], [clients[1].pk], [c.pk for c in clients], [clients[2].pk, clients[2].pk]):
        for role in (Role.CLIENT, Role.SUPPORTER):
            for moment, day in ((later, today), (clients[0].created_at, today), (later, date(2000, 1, 1))):
                expected = list(_people(ids, role, moment, day))
                assert people(ids, role, moment, day) == expected
    assert people([c.pk for c in clients], Role.CLIENT, later, today)[0]["created_at"] == clients[0].created_at


def test_builds_and_compiles_once_per_shape(clients: list[Membership]) -> None:
    built: list[tuple[Any, ...]] = []

    def counted(*args: Any) -> QuerySet[Any]:
        built.append(args)
        return _people(*args)

    people, later, today = Prepared(counted), timezone.now() + timedelta(minutes=1), timezone.localdate()
    with override_settings(PREPARED_QUERIES_CHECKED=False):
        for client in clients:
            assert [row["pk"] for row in people([client.pk], Role.CLIENT, later, today)] == [client.pk]
        assert len(people([clients[0].pk, clients[1].pk], Role.CLIENT, later, today)) == 2
    assert len(built) == 2  # one list of one id, one of two


def test_keeps_the_most_recently_used_shapes_only(clients: list[Membership], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepared, "SHAPES_KEPT", 2)
    people, later, today = Prepared(_people), timezone.now() + timedelta(minutes=1), timezone.localdate()
    ids = [client.pk for client in clients]
    for count in (1, 2, 1, 3):  # one client, two, one again (used: kept), three (two is the oldest: dropped)
        assert len(people(ids[:count], Role.CLIENT, later, today)) == count
    assert [shape[0][0] for shape in people.compiled] == [("list", 1), ("list", 3)]


def test_model_instances_with_their_related_objects(clients: list[Membership], django_assert_num_queries: Any) -> None:
    supporter = staff_member(Role.SUPPORTER, clients[0].organisation)
    for client in clients[:2]:
        assign(client, supporter)

    def assignments(supporter_id: int) -> QuerySet[Assignment]:
        return Assignment.objects.filter(supporter_id=supporter_id).select_related("client__user").order_by("pk")

    found = Prepared(assignments)(supporter.pk)
    with django_assert_num_queries(0):
        assert [assignment.client.user.display_name for assignment in found] == [
            client.user.display_name for client in clients[:2]
        ]


def test_fixed_arguments_and_prefetched_objects(clients: list[Membership]) -> None:
    supporter = staff_member(Role.SUPPORTER, clients[0].organisation)
    assign(clients[0], supporter)

    def supporters(organisation_id: int, *, limit: int) -> QuerySet[Membership]:
        open_ones = Prefetch("client_assignments", Assignment.objects.order_by("pk"), to_attr="open_assignments")
        staff = Membership.objects.filter(organisation_id=organisation_id, role=Role.SUPPORTER)
        return staff.prefetch_related(open_ones).annotate(people=Count("client_assignments")).order_by("pk")[:limit]

    [found] = Prepared(supporters)(supporter.organisation_id, limit=3)
    assert (found, found.people, [a.client_id for a in found.open_assignments]) == (supporter, 1, [clients[0].pk])


def test_an_empty_list_reads_nothing(clients: list[Membership], django_assert_num_queries: Any) -> None:
    people = Prepared(_people)
    with django_assert_num_queries(0):
        assert people([], Role.CLIENT, timezone.now(), timezone.localdate()) == []


def test_a_builder_that_reads_the_clock_itself_fails_the_check(clients: list[Membership]) -> None:
    def joined_until_now(client_ids: list[int]) -> QuerySet[Any]:
        return Membership.objects.filter(pk__in=client_ids, created_at__lte=timezone.now()).values("pk")

    joined = Prepared(joined_until_now)
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        joined([clients[0].pk])
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False), pytest.raises(AssertionError):
        joined([clients[1].pk])


def test_a_value_that_does_not_reach_the_sql_as_itself_is_refused(clients: list[Membership]) -> None:
    def named(words: str) -> QuerySet[Any]:
        return Membership.objects.filter(user__display_name__contains=words).values("pk")

    with pytest.raises(ValueError, match="does not reach the SQL as a parameter of its own"):
        Prepared(named)("Sam")


@pytest.mark.parametrize("argument", [1.5, {"id": 1}, ["a"], object()])
def test_only_ids_text_dates_and_times_are_values(argument: Any) -> None:
    with pytest.raises(TypeError, match="prepared query"):
        Prepared(_people)(argument, Role.CLIENT, timezone.now(), timezone.localdate())
