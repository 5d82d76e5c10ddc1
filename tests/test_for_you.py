"""The client's "for you now": first on their home, each item one tap to where they act, fixed query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.feedback import actions as feedback_actions
from alongside.feedback.models import CheckinRequest, Prompt
from alongside.plans import actions as plan_actions
from alongside.plans.models import Decision, SuggestionKind

from .conftest import People, main_content, signed_in
from .meetings.factories import shared_note
from .plans.factories import make_suggestion

pytestmark = pytest.mark.django_db

LOW = {"heard": "3", "goals": "3", "approach": "3", "overall": "3", "better": "Slow down a little."}


def home(people: People) -> str:
    return main_content(signed_in(people.client).get(reverse("home:my_journey")))


def add(people: People, count: int) -> None:
    """``count`` of everything that waits: notes (each with its meeting's check-in), suggestions, replies."""
    for _ in range(count):
        note = shared_note(people)
        make_suggestion(people.client, people.supporter, kind=SuggestionKind.GOAL)
        checkin = CheckinRequest.objects.get(meeting=note.meeting)
        feedback_actions.submit_response(checkin, LOW, by=people.client)
        feedback_actions.respond_to_prompt(
            Prompt.objects.get(response__request=checkin), you_said="Rushed", next_time="Go slower", by=people.supporter
        )
        shared_note(people)  # its session check-in stays open


def test_nothing_waiting_is_said_in_a_friendly_line(people: People) -> None:
    page = home(people)
    assert "For you now" in page
    assert "Nothing is waiting for you right now." in page
    assert "for-you-list" not in page


def test_each_waiting_thing_links_to_where_the_client_acts(people: People) -> None:
    add(people, 1)
    suggestion = people.client.suggestions.get()
    prompt = Prompt.objects.get()
    note = shared_note(people)
    checkin = CheckinRequest.objects.get(meeting=note.meeting)
    page = home(people)
    assert reverse("plans:decide", args=[suggestion.pk]) in page
    assert f"{reverse('meetings:detail', args=[people.client.pk, note.meeting_id])}#note-{note.pk}-title" in page
    assert reverse("feedback:answer", args=[people.client.pk, checkin.pk]) in page
    assert f"{reverse('feedback:checkins', args=[people.client.pk])}#prompt-{prompt.pk}" in page
    assert "Sam Supporter replied to what you said" in page and "Go slower" in page


def test_it_is_the_first_thing_in_main(people: People) -> None:
    add(people, 1)
    page = home(people)
    assert page.index('id="for-you-title"') < page.index('class="lead"') < page.index("Walking alongside you")
    assert page.index("<h1") < page.index('id="for-you-title"')  # the page's name, for screen readers only


def test_what_is_dealt_with_leaves(people: People) -> None:
    add(people, 1)
    suggestion = people.client.suggestions.get()
    note = people.client.meetings.order_by("held_at").first().notes.get()  # type: ignore[union-attr]
    browser = signed_in(people.client)
    plan_actions.decide(suggestion, Decision.LATER, by=people.client)  # saved for later: no longer waiting
    browser.get(reverse("meetings:detail", args=[people.client.pk, note.meeting_id]))
    browser.get(reverse("feedback:checkins", args=[people.client.pk]))
    page = home(people)
    assert reverse("plans:decide", args=[suggestion.pk]) not in page
    assert f"#note-{note.pk}-title" not in page
    assert "replied to what you said" not in page


def test_more_than_shown_links_to_the_full_lists(people: People) -> None:
    add(people, 4)
    page = home(people)
    assert page.count("A suggestion from") == 3
    for more in ("More suggestions in My plan", "More new notes in My meetings", "More replies in My check-ins"):
        assert more in page


def queries(people: People) -> int:
    browser = signed_in(people.client)
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(reverse("home:my_journey")).status_code == 200
    return len(captured)


def test_the_home_page_runs_a_fixed_number_of_queries(people: People, clock_stopped: None) -> None:
    add(people, 2)
    queries(people)  # the first audited read makes the organisation's audit chain head
    small = queries(people)
    add(people, 48)
    assert queries(people) == small
