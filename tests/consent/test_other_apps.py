"""Consent reaches the other apps' pages through the same gateway: shared areas open, others stay closed."""

import pytest

from tests.conftest import People, signed_in

from .factories import share

pytestmark = pytest.mark.django_db


def test_a_recipient_reads_the_shared_plan_and_nothing_else(people: People) -> None:
    consent = share(people.client, people.supervisor, areas=["plan"])
    browser = signed_in(people.supervisor)
    plan, meetings = f"/people/{people.client.pk}/plan/", f"/people/{people.client.pk}/meetings/"
    assert browser.get(plan).status_code == 200
    assert browser.get(meetings).status_code == 404
    signed_in(people.client).post(f"/me/sharing/{consent.pk}/stop/")
    assert browser.get(plan).status_code == 404
