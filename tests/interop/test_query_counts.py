"""The export runs a fixed number of queries, however much the client has recorded."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from alongside.consent.models import RecipientKind
from alongside.interop.actions import export_record
from tests.conftest import People
from tests.consent.factories import share

from .factories import bulk_record

EXPORT_QUERIES = 23  # seventeen to load the record (one for group attendance), the rest to write its audit entry


@pytest.mark.parametrize("size", [1, 8])
def test_export_query_count_does_not_grow(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    bulk_record(people.client, people.supporter, goals=2 * size, meetings=3 * size, checkins=4 * size)
    for _ in range(size):
        share(people.client, people.supervisor)
        share(people.client, kind=RecipientKind.OUTSIDE)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        bundle = export_record(people.client, by=people.client, purpose="own-copy")
    assert len(bundle["entry"]) > 10 * size
