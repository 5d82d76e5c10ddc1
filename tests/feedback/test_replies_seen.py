"""A supporter's reply ("You said… so next time we will…") is new to the client until they open their check-ins.

Chosen over tracking each reply: the check-ins page shows every reply in full, so opening it is reading them.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from alongside.accounts.models import Membership
from alongside.audit.models import AuditEntry
from alongside.feedback import actions
from alongside.feedback.models import CheckinRequest, Prompt
from alongside.feedback.queries import answered_and_new
from tests.conftest import People, main_content, signed_in
from tests.meetings.factories import meeting

pytestmark = pytest.mark.django_db

LOW = {"heard": "3", "goals": "3", "approach": "3", "overall": "3", "better": "Slow down a little."}
ACTORS = ["client", "supporter", "unassigned_supporter", "supervisor", "admin", "outsider_supporter"]


def new_replies(client: Membership) -> list[int]:
    """The replies the client has not seen yet, as "for you now" on My journey reads them."""
    return [reply.pk for reply in answered_and_new(client, answered=0, new=5)[1]]


def replied(people: People) -> Prompt:
    """A low session check-in, and the supporter's reply to the prompt it raised."""
    checkin = CheckinRequest.objects.get(meeting=meeting(people))
    actions.submit_response(checkin, LOW, by=people.client)
    prompt = Prompt.objects.get(response__request=checkin)
    return actions.respond_to_prompt(
        prompt, you_said="It felt rushed", next_time="We will slow down", by=people.supporter
    )


def test_a_reply_is_new_until_the_client_opens_their_check_ins(people: People) -> None:
    prompt = replied(people)
    assert new_replies(people.client) == [prompt.pk]
    browser = signed_in(people.client)
    url = reverse("feedback:checkins", args=[people.client.pk])
    assert "New reply" in main_content(browser.get(url))
    assert new_replies(people.client) == []
    assert "New reply" not in main_content(browser.get(url))
    assert AuditEntry.objects.filter(action="checkin.reply.seen", target=f"prompt:{prompt.pk}").count() == 1


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_clients_own_visit_counts(people: People, actor: str) -> None:
    prompt = replied(people)
    status = signed_in(getattr(people, actor)).get(reverse("feedback:checkins", args=[people.client.pk])).status_code
    assert status == (200 if actor in ("client", "supporter") else 404)
    assert new_replies(people.client) == ([] if actor == "client" else [prompt.pk])


def test_marking_seen_twice_marks_once(people: People) -> None:
    prompt = replied(people)
    assert actions.mark_replies_seen(people.client, by=people.client) == [prompt.pk]
    assert actions.mark_replies_seen(people.client, by=people.client) == []
    assert AuditEntry.objects.filter(action="checkin.reply.seen").count() == 1


def test_nobody_else_can_mark_replies_seen(people: People) -> None:
    replied(people)
    for other in (people.supporter, people.other_client, people.outsider_client):
        with pytest.raises(PermissionDenied):
            actions.mark_replies_seen(people.client, by=other)
    assert Prompt.objects.filter(seen_at__isnull=False).count() == 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_visits_at_once_mark_each_reply_once(people: People) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself")
    prompt = replied(people)
    start, marked, errors = threading.Barrier(2), [], []

    def visit() -> None:
        try:
            start.wait()
            marked.extend(actions.mark_replies_seen(people.client, by=people.client))
        except BaseException as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert marked == [prompt.pk]
    assert AuditEntry.objects.filter(action="checkin.reply.seen").count() == 1


@pytest.mark.parametrize("seen", [(), (0, 1, 2), (3, 4, 5, 6), (2, 3, 4), (0, 2, 4, 6), tuple(range(7))])
def test_answered_and_new_replies_come_in_one_query(
    people: People, seen: tuple[int, ...], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """My journey's answered check-ins (the newest three) and its new replies (the newest four unseen), whichever
    replies the client has seen: the same as reading each alone."""
    prompts = [replied(people) for _ in range(7)]
    for age, prompt in enumerate(prompts):  # the first is the newest
        Prompt.objects.filter(pk=prompt.pk).update(responded_at=timezone.now() - timedelta(hours=age))
    Prompt.objects.filter(pk__in=[prompts[age].pk for age in seen]).update(seen_at=timezone.now())
    unseen = [prompt for age, prompt in enumerate(prompts) if age not in seen]
    with django_assert_num_queries(1):
        answered, new = answered_and_new(people.client, answered=3, new=4)
    assert [reply.pk for reply in answered] == [prompt.pk for prompt in prompts[:3]]
    assert [reply.pk for reply in new] == [prompt.pk for prompt in unseen[:4]]
