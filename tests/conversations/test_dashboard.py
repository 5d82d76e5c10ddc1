"""Reply times on the dashboards: the median wait for a first reply, hidden for the organisation when it is
about fewer than 11 people, shown for one supporter's own work, in one query however many messages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from alongside.accounts.models import Membership
from alongside.conversations.figures import waits
from alongside.conversations.models import Message
from alongside.reports.dashboards import HIDDEN, dashboard
from alongside.reports.figures import Scope, clients_in
from alongside.reports.periods import Period
from tests.conftest import People
from tests.factories import assign, client_member

from .factories import say

pytestmark = pytest.mark.django_db


def answered_after(client: Membership, supporter: Membership, hours: float) -> None:
    asked = say(client, client, "Can we talk?")
    reply = say(client, supporter, "Of course.")
    Message.objects.filter(pk=reply.pk).update(sent_at=asked.sent_at + timedelta(hours=hours))


def responses(scope: Scope) -> list[str]:
    [section] = [section for section in dashboard(scope, Period.default()) if section.key == "responses"]
    return [cell.shown for cell in section.cells]


def test_the_median_wait_counts_from_the_message_that_started_it(people: People) -> None:
    asked = say(people.client, people.client, "Are you there?")
    again = say(people.client, people.client, "Hello?")  # the same wait, not a second one
    reply = say(people.client, people.supporter)
    Message.objects.filter(pk=asked.pk).update(sent_at=reply.sent_at - timedelta(hours=3))
    Message.objects.filter(pk=again.pk).update(sent_at=reply.sent_at - timedelta(hours=1))
    say(people.client, people.client, "Thanks!")  # a new wait, not answered yet
    period = Period.default()
    found = waits(clients_in(Scope(people.organisation), period), period.after, period.before)
    assert found.median_hours == 3 and found.answered_people == 1 and found.unanswered == 1


def test_fewer_than_11_people_are_hidden_for_the_organisation_not_for_a_supporter(people: People) -> None:
    answered_after(people.client, people.supporter, 2)
    assert responses(Scope(people.organisation))[0] == HIDDEN
    assert responses(Scope(people.organisation, people.supporter))[0] == "2 hours"


def test_eleven_people_are_shown_in_one_query_however_many(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    clients = [client_member(people.organisation) for _ in range(11)]
    for hours, client in enumerate(clients, start=1):
        assign(client, people.supporter)
        answered_after(client, people.supporter, hours)
    assert responses(Scope(people.organisation))[0] == "6 hours"
    period = Period.default()
    with django_assert_max_num_queries(1):
        waits(clients_in(Scope(people.organisation), period), period.after, timezone.now() + timedelta(days=1))
