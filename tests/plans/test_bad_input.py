"""Bad input gets a clear message and loses nothing; concurrent edits never silently overwrite each other."""

from __future__ import annotations

import uuid

import pytest

from alongside.plans import actions
from alongside.plans.models import Goal, JournalEntry, Step, Suggestion
from tests.conftest import People, signed_in

from .factories import make_goal, make_step

pytestmark = pytest.mark.django_db

HUGE = ("I want to keep going " * 480).strip()  # 10,079 characters


def test_an_empty_goal_is_explained(people: People) -> None:
    response = signed_in(people.client).post(
        "/me/plan/goals/new/", {"text": "   ", "why": "Because it matters", "status": "active"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "This cannot be empty. Please write a few words." in body
    assert "Because it matters" in body
    assert not Goal.objects.exists()


@pytest.mark.parametrize("field", ["text", "why", "strengths", "supports"])
def test_ten_thousand_characters_are_explained_and_kept(people: People, field: str) -> None:
    data = {"text": "Walk more", "status": "active"} | {field: HUGE}
    response = signed_in(people.client).post("/me/plan/goals/new/", data)
    body = response.content.decode()
    assert "Please shorten it a little: everything you wrote is still here." in body
    assert f"it is {len(HUGE):,}" in body
    assert HUGE in body
    assert 'maxlength="' not in body, "a browser limit would silently cut pasted text"
    assert not Goal.objects.exists()


def test_long_text_is_refused_everywhere_with_the_text_kept(people: People) -> None:
    goal = make_goal(people.client)
    step = make_step(goal)
    client, supporter = signed_in(people.client), signed_in(people.supporter)
    pages = [
        (client, f"/me/plan/goals/{goal.pk}/steps/", {"text": HUGE}),
        (client, f"/me/plan/steps/{step.pk}/edit/", {"text": HUGE, "version": 1}),
        (client, "/me/journal/", {"text": HUGE + " " + HUGE}),
        (supporter, f"/people/{people.client.pk}/plan/suggest/", {"kind": "goal", "text": HUGE, "key": uuid.uuid4()}),
    ]
    for browser, url, data in pages:
        body = browser.post(url, data).content.decode()
        assert "Please shorten it a little" in body, url
        assert HUGE in body, url
    assert Step.objects.get().text == "Find my old trainers"
    assert not JournalEntry.objects.exists() and not Suggestion.objects.exists()


def test_long_encouragement_is_kept_too(people: People) -> None:
    step = make_step(make_goal(people.client))
    milestone = actions.set_status(step, "completed", by=people.client)
    assert milestone is not None
    url = f"/people/{people.client.pk}/plan/milestones/{milestone.pk}/encourage/"
    body = signed_in(people.supporter).post(url, {"text": HUGE}).content.decode()
    assert "Please shorten it a little" in body and HUGE in body


def test_a_stale_goal_edit_shows_the_current_text_and_keeps_what_was_typed(people: People) -> None:
    goal = make_goal(people.client, "Walk more")
    first_tab, second_tab = signed_in(people.client), signed_in(people.client)
    url = f"/me/plan/goals/{goal.pk}/edit/"
    assert first_tab.post(url, {"text": "Walk by the river", "version": 1}).status_code == 302
    response = second_tab.post(url, {"text": "Walk with my sister", "why": "She makes me laugh", "version": 1})
    body = response.content.decode()
    assert response.status_code == 200
    assert "While you were writing, this was changed" in body
    assert "How it reads now" in body and "Walk by the river" in body
    assert "Walk with my sister" in body and "She makes me laugh" in body
    assert Goal.objects.get().text == "Walk by the river"
    assert 'name="version" value="2"' in body
    assert second_tab.post(url, {"text": "Walk with my sister", "version": 2}).status_code == 302
    assert Goal.objects.get().text == "Walk with my sister"


def test_a_stale_step_edit_is_explained_too(people: People) -> None:
    step = make_step(make_goal(people.client))
    actions.edit_step(step, "Buy trainers", expected_version=1, by=people.client)
    body = (
        signed_in(people.client)
        .post(f"/me/plan/steps/{step.pk}/edit/", {"text": "Borrow trainers", "version": 1})
        .content.decode()
    )
    assert "While you were writing" in body and "Buy trainers" in body and "Borrow trainers" in body
    assert Step.objects.get().text == "Buy trainers"


def test_two_saves_from_the_same_version_cannot_both_win(people: People) -> None:
    goal = make_goal(people.client, "Walk more")
    actions.edit_goal(goal, {"text": "One"}, is_private=False, expected_version=1, by=people.client)
    with pytest.raises(actions.StaleEdit) as stale:
        actions.edit_goal(goal, {"text": "Two"}, is_private=False, expected_version=1, by=people.client)
    assert stale.value.current.text == "One"
    assert Goal.objects.get().text == "One"


def test_a_status_change_does_not_make_a_wording_edit_stale(people: People) -> None:
    goal = make_goal(people.client, "Walk more")
    actions.set_status(goal, "on-hold", by=people.client)
    response = signed_in(people.client).post(f"/me/plan/goals/{goal.pk}/edit/", {"text": "Walk a lot", "version": 1})
    assert response.status_code == 302
    assert Goal.objects.get().status == "on-hold"


def test_a_broken_version_field_is_explained(people: People) -> None:
    goal = make_goal(people.client, "Walk more")
    body = (
        signed_in(people.client)
        .post(f"/me/plan/goals/{goal.pk}/edit/", {"text": "Walk a lot", "version": "x"})
        .content.decode()
    )
    assert "Walk a lot" in body
    assert Goal.objects.get().text == "Walk more"


def test_an_empty_step_keeps_the_page_and_says_why(people: People) -> None:
    goal = make_goal(people.client)
    body = signed_in(people.client).post(f"/me/plan/goals/{goal.pk}/steps/", {"text": " "}).content.decode()
    assert "This cannot be empty" in body
    assert not Step.objects.exists()


def test_an_unknown_date_is_explained(people: People) -> None:
    body = (
        signed_in(people.client)
        .post("/me/plan/goals/new/", {"text": "Walk more", "target_date": "next summer", "status": "active"})
        .content.decode()
    )
    assert "Please give the date as year-month-day, for example 2027-02-01" in body and "next summer" in body
