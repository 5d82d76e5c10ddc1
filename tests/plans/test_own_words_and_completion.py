"""Words a client chose stay labelled as theirs; completing a goal with steps still open asks first."""

import pytest

from alongside.plans import actions
from alongside.plans.models import Decision, Goal, Milestone, Status, SuggestionKind
from tests.conftest import People, signed_in

from .factories import make_goal, make_step, make_suggestion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", [SuggestionKind.STEP, SuggestionKind.REWORDING])
def test_a_suggestion_accepted_in_own_words_stays_labelled_so(people: People, kind: str) -> None:
    goal = make_goal(people.client)
    step = make_step(goal, "Swim")
    about_step = step if kind == SuggestionKind.REWORDING else None
    suggestion = make_suggestion(people.client, people.supporter, kind=kind, goal=goal, step=about_step)
    actions.decide(suggestion, Decision.REWORDED, by=people.client, text="Swim on Sundays with my cousin")
    for viewer, url in ((people.client, "/me/plan/"), (people.supporter, f"/people/{people.client.pk}/plan/")):
        page = signed_in(viewer).get(url).content.decode()
        assert "Swim on Sundays with my cousin" in page
        assert "<strong>Own words</strong> of Casey Client, from an idea by Sam Supporter" in page


def test_accepted_as_is_is_credited_to_the_supporter_and_not_called_own_words(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(people.client, people.supporter, goal=goal)
    actions.decide(suggestion, Decision.ACCEPTED, by=people.client)
    page = signed_in(people.client).get("/me/plan/").content.decode()
    assert "Suggested by Sam Supporter, accepted by Casey Client" in page and "Own words" not in page


def test_a_supporters_wording_accepted_later_replaces_the_own_words_label(people: People) -> None:
    goal = make_goal(people.client)
    step = make_step(goal, "Swim")
    first = make_suggestion(people.client, people.supporter, kind=SuggestionKind.REWORDING, goal=goal, step=step)
    actions.decide(first, Decision.REWORDED, by=people.client, text="Swim on Sundays")
    step.refresh_from_db()
    second = make_suggestion(
        people.client, people.supporter, kind=SuggestionKind.REWORDING, goal=goal, step=step, text="Swim twice"
    )
    actions.decide(second, Decision.ACCEPTED, by=people.client)
    step.refresh_from_db()
    assert (step.text, step.in_own_words) == ("Swim twice", False)


def goal_with_open_step(people: People) -> Goal:
    goal = make_goal(people.client)
    make_step(goal, "Find my old trainers")
    return goal


@pytest.mark.parametrize("htmx", [False, True])
def test_completing_a_goal_with_open_steps_asks_first(people: People, htmx: bool) -> None:
    goal = goal_with_open_step(people)
    headers = {"HX-Request": "true"} if htmx else {}
    browser = signed_in(people.client)
    asked = browser.post(f"/me/plan/goals/{goal.pk}/status/", {"status": "completed"}, headers=headers)
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "1 step is not done yet" in page and "Find my old trainers" in page
    assert 'name="open_steps" value="confirmed"' in page and "Not yet" in page
    assert ("<html" in page) is not htmx  # htmx swaps the card; without JavaScript it is a page of its own
    goal.refresh_from_db()
    assert goal.status == Status.ACTIVE and not Milestone.objects.exists()
    browser.post(
        f"/me/plan/goals/{goal.pk}/status/", {"status": "completed", "open_steps": "confirmed"}, headers=headers
    )
    goal.refresh_from_db()
    assert goal.status == Status.COMPLETED and Milestone.objects.filter(goal=goal).exists()


def test_a_goal_whose_steps_are_done_completes_in_one_tap(people: People) -> None:
    goal = goal_with_open_step(people)
    actions.set_status(goal.steps.get(), Status.COMPLETED, by=people.client)
    response = signed_in(people.client).post(f"/me/plan/goals/{goal.pk}/status/", {"status": "completed"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == Status.COMPLETED


def test_pausing_a_goal_with_open_steps_does_not_ask(people: People) -> None:
    goal = goal_with_open_step(people)
    assert signed_in(people.client).post(f"/me/plan/goals/{goal.pk}/status/", {"status": "on-hold"}).status_code == 302
