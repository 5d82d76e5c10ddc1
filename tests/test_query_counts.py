"""Home pages run a fixed number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from alongside.accounts.models import Role

from .conftest import People, signed_in
from .factories import assign, client_member, staff_member

pytestmark = pytest.mark.django_db


def grow(people: People, clients: int) -> None:
    """Give every role more data: more clients for the supporter, more supporters and members."""
    for _ in range(clients):
        client = client_member(people.organisation)
        assign(client, people.supporter)
        assign(client, people.unassigned_supporter)
    for _ in range(clients // 5):
        staff_member(Role.SUPPORTER, people.organisation)


def queries(people: People, member_name: str, url: str) -> int:
    browser = signed_in(getattr(people, member_name))
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


# The supporter's home starts with the worklist: up to eleven queries read every rule's facts for all their people
# (alongside/worklist/signals.py, load_facts), and its people list comes from the same query as the worklist's.
MOST = {"/people/": 14, "/me/": 10}


@pytest.mark.parametrize(
    ("member_name", "url"),
    [
        ("client", "/me/"),
        ("supporter", "/people/"),
        ("supervisor", "/team/"),
        ("admin", "/organisation/"),
        ("admin", "/team/"),
    ],
)
def test_home_pages_do_not_grow_with_data(
    people: People, member_name: str, url: str, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    small = queries(people, member_name, url)
    grow(people, 60)
    large = queries(people, member_name, url)
    assert large == small
    browser = signed_in(getattr(people, member_name))
    with django_assert_max_num_queries(MOST.get(url, 11)):
        browser.get(url)
