"""The supervision pages' forms: bad input gets a clear message and keeps what was typed; a finished goal is
celebrated; the peer's home and the supervisor's team page lead to supervision."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alongside.supervision import actions
from alongside.supervision.models import GoalStatus, Session
from tests.conftest import People, main_content, signed_in

from .factories import pairing

pytestmark = pytest.mark.django_db


def test_a_session_with_nothing_written_is_refused_and_keeps_the_date(people: People) -> None:
    held = pairing(people)
    day = timezone.localdate().isoformat()
    response = signed_in(people.supervisor).post(f"/supervision/{held.pk}/sessions/new/", {"held_on": day})
    page = main_content(response)
    assert response.status_code == 200 and "Please write at least one thing about the session" in page
    assert f'value="{day}"' in page and Session.objects.count() == 0


def test_a_goal_too_long_is_refused_with_its_length_and_kept(people: People) -> None:
    held = pairing(people)
    words = "Listen " * 100
    response = signed_in(people.supporter).post(f"/supervision/{held.pk}/goals/new/", {"text": words})
    page = main_content(response)
    assert "Please keep this to 500 characters or fewer" in page and words.strip() in page


def test_finishing_a_goal_is_celebrated(people: People) -> None:
    held = pairing(people)
    goal = actions.write_goal(held, "Ask before advising.", by=people.supporter)
    browser = signed_in(people.supporter)
    response = browser.post(f"/supervision/{held.pk}/goals/{goal.pk}/", {"decision": "done"}, follow=True)
    page = main_content(response)
    assert "Well done: “Ask before advising.” is done." in page
    assert 'id="done-title"' in page
    goal.refresh_from_db()
    assert goal.status == GoalStatus.DONE


def test_a_decision_that_no_longer_applies_says_so(people: People) -> None:
    held = pairing(people)
    goal = actions.write_goal(held, "Ask before advising.", by=people.supporter)
    response = signed_in(people.supporter).post(f"/supervision/{held.pk}/goals/{goal.pk}/", {"decision": "not_now"})
    assert "This goal has moved on since the page was opened" in main_content(response)


def test_home_pages_lead_to_supervision(people: People) -> None:
    assert "/supervision/" in main_content(signed_in(people.supporter).get("/people/"))
    assert "/supervision/people/" in main_content(signed_in(people.supervisor).get("/team/"))
    assert "/organisation/supervision/" in main_content(signed_in(people.admin).get("/organisation/"))
    assert "/supervision/" not in main_content(signed_in(people.client).get("/me/"))
