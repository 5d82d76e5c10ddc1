"""Our own 404 and 500 pages: they explain, offer a way back, and the 500 page needs nothing that may have failed."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from alongside.consent.actions import revoke_consent
from tests.conftest import People, signed_in
from tests.consent.factories import share

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_branded_404_with_a_way_back() -> None:
    response = Client().get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "We can't show you this page" in page and 'href="/"' in page and "site.css" in page


def test_a_recipient_of_revoked_sharing_lands_on_the_404_with_the_reason_among_the_causes(people: People) -> None:
    consent = share(people.client, people.supervisor)
    browser = signed_in(people.supervisor)
    assert browser.get(f"/shared/{people.client.pk}/").status_code == 200
    revoke_consent(consent, by=people.client.user)
    response = browser.get(f"/shared/{people.client.pk}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "someone stopped sharing their record with you" in page
    assert 'href="/shared/"' in page and "Sign out" in page  # the usual navigation, and what is still shared


def test_the_500_page_is_branded_and_needs_neither_the_database_nor_a_request(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page and 'href="/"' in page and "988" in page
