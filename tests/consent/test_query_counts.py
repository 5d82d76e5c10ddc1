"""The consent pages run a fixed number of queries however many consents and accesses there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.consent.models import RecipientKind
from tests.conftest import People, signed_in
from tests.factories import client_member

from .factories import share

pytestmark = pytest.mark.django_db
PAGES = [("client", "/me/sharing/"), ("client", "/me/record-views/"), ("supervisor", "/shared/")]


def grow(people: People, times: int) -> None:
    for _ in range(times):
        share(people.client, people.supervisor)
        share(client_member(people.organisation), kind=RecipientKind.SUPERVISORS)
        signed_in(people.supervisor).get(f"/shared/{people.client.pk}/")


def queries(people: People, who: str, url: str) -> int:
    browser = signed_in(getattr(people, who))
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_pages_do_not_grow_with_data(people: People, who: str, url: str) -> None:
    grow(people, 1)
    small = queries(people, who, url)
    grow(people, 15)
    assert queries(people, who, url) == small <= 13  # 4 of them are the test's and the request's savepoints
