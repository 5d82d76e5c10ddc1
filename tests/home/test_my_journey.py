"""My journey with something in every list: each shows what it should, in a fixed number of queries.

Its queries read only the fields the page shows (as values, or objects with ``only``); a field the page shows but
an ``only`` left out would cost a query per row, so the count is asserted with several rows in every list.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.accounts.models import Assignment
from alongside.groups.models import Attendance
from alongside.plans import actions as plan_actions
from alongside.plans.models import Suggestion
from tests.conftest import People, main_content, signed_in
from tests.feedback.test_replies_seen import replied
from tests.groups.factories import make_group
from tests.groups.test_milestones import attended, wants_milestones
from tests.meetings.factories import shared_note
from tests.plans.factories import make_goal, make_step, make_suggestion

pytestmark = pytest.mark.django_db

# The session and the membership, then the page's own: three "for you now" lists, the plan's milestones and their
# encouragements, the supporters' replies (new ones for "for you now", and the answered check-ins), the group
# sessions with the milestones from them, and the supporters.
QUERIES = 10


def fill(people: People, count: int) -> None:
    """``count`` of each: suggestions waiting, new notes, replies, milestones with encouragement, group sessions."""
    goal = make_goal(people.client, "Walk by the river")
    for number in range(count):
        make_suggestion(people.client, people.supporter, goal=goal, text=f"Try the pool {number}")
        shared_note(people, f"Note {number}")
        replied(people)
        milestone = plan_actions.set_status(make_step(goal, f"Step {number}"), "completed", by=people.client)
        assert milestone is not None
        plan_actions.encourage(milestone, f"Well done {number}", by=people.supporter)
    attendances = attended(people, make_group(people, name="Thursday circle"), count, first_day=count * 7)
    Attendance.objects.filter(pk=attendances[-1].pk).update(meeting=shared_note(people, "About the group").meeting)
    wants_milestones(people.client)


def home(people: People) -> tuple[str, int]:
    browser = signed_in(people.client)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get("/me/")
    assert response.status_code == 200
    return main_content(response), len(captured)


def test_every_list_shows_what_it_should_in_a_fixed_number_of_queries(people: People) -> None:
    fill(people, 2)
    page, small = home(people)
    supporter = people.supporter.user.display_name
    assert f"A suggestion from {supporter}, for you to decide" in page and "Try the pool 0" in page
    assert f"A note from {supporter} to read" in page
    assert f"{supporter} replied to what you said" in page and "So next time we will: We will slow down" in page
    assert "It felt rushed" in page and f"{supporter}, " in page  # the answered check-in and who answered
    assert "Step done: Step 1" in page and "towards “Walk by the river”" in page and "Well done 1" in page
    assert "Your first group session" in page
    assert "Thursday circle" in page and "a note about you" in page
    assert supporter in page.split("Walking alongside you")[1]
    fill(people, 3)
    assert Suggestion.objects.filter(client=people.client).count() == 5
    assert home(people)[1] == small == QUERIES


def test_a_handed_over_supporter_is_named_with_who_they_took_over_from(people: People) -> None:
    Assignment.objects.filter(client=people.client).update(handed_over_from=people.unassigned_supporter)
    page, queries = home(people)
    taken_over = people.unassigned_supporter.user.display_name
    assert people.supporter.user.display_name in page and f"taking over from {taken_over}" in page
    assert queries == QUERIES - 1  # no milestones, so no encouragements to read
