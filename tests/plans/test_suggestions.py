"""Suggestions wait for the client: nothing enters the plan until they accept it, and they may say no."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from alongside.language import classifier
from alongside.plans import actions
from alongside.plans.models import Decision, Goal, IdeaRequest, Step, Suggestion, SuggestionKind
from tests.conftest import People, signed_in

from .factories import make_goal, make_step, make_suggestion
from .test_access import database_state

pytestmark = pytest.mark.django_db


def suggest_through_the_page(people: People, **data: object) -> None:
    form = {"kind": "step", "text": "Try the free swim session", "reason": "You liked it", "key": str(uuid.uuid4())}
    response = signed_in(people.supporter).post(f"/people/{people.client.pk}/plan/suggest/", form | data)
    assert response.status_code == 302, response.content.decode()


def plan_contents() -> tuple[object, ...]:
    return database_state()[:2]


@pytest.mark.parametrize(
    ("kind", "target"),
    [("goal", None), ("step", "goal"), ("rewording", "goal"), ("rewording", "step"), ("resource", "goal")],
)
def test_nothing_suggested_enters_the_plan_until_the_client_accepts(
    people: People, kind: str, target: str | None
) -> None:
    goal = make_goal(people.client)
    step = make_step(goal)
    before = plan_contents()
    data: dict[str, object] = {"kind": kind, "text": "Something new from Sam"}
    if target:
        data["goal"] = goal.pk
    if target == "step":
        data["step"] = step.pk
    suggest_through_the_page(people, **data)
    assert plan_contents() == before
    assert "Something new from Sam" in signed_in(people.client).get("/me/plan/").content.decode()
    suggestion = Suggestion.objects.get()
    response = signed_in(people.client).post(f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "accepted"})
    assert response.status_code == 302
    assert plan_contents() != before
    page = signed_in(people.client).get("/me/plan/").content.decode()
    assert "Something new from Sam" in page
    assert "Suggested by Sam Supporter, accepted by Casey Client" in page or kind == "resource"


def test_accepting_in_own_words_credits_both_and_keeps_the_clients_wording(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(people.client, people.supporter, goal=goal, text="Swim on Saturdays")
    browser = signed_in(people.client)
    response = browser.post(
        f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "reworded", "text": "Go for a swim when I feel like it"}
    )
    assert response.status_code == 302
    step = Step.objects.get()
    assert (step.text, step.suggested_by, step.written_by) == (
        "Go for a swim when I feel like it",
        people.supporter.user,
        people.client.user,
    )
    assert Suggestion.objects.get().decision == Decision.REWORDED
    supporter_page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "Accepted in their own words" in supporter_page


def test_declining_is_as_easy_as_accepting_and_the_supporter_sees_why(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(people.client, people.supporter, goal=goal)
    before = plan_contents()
    response = signed_in(people.client).post(
        f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "declined", "why": "I do not like pools."}
    )
    assert response.status_code == 302
    assert plan_contents() == before
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "Declined" in page and "I do not like pools." in page


def test_later_keeps_the_suggestion_waiting(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(people.client, people.supporter, goal=goal)
    browser = signed_in(people.client)
    browser.post(f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "later"})
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_at) == (Decision.LATER, None)
    assert "Saved for later" in browser.get("/me/plan/").content.decode()
    browser.post(f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "accepted"})
    assert Step.objects.filter(suggested_by=people.supporter.user).exists()


def test_deciding_twice_is_explained_and_changes_nothing(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(people.client, people.supporter, goal=goal)
    browser = signed_in(people.client)
    browser.post(f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "accepted"})
    response = browser.post(f"/me/plan/suggestions/{suggestion.pk}/", {"decision": "accepted"})
    assert "You already decided on this suggestion" in response.content.decode()
    assert Step.objects.count() == 1


def test_unknown_suggestion_id_is_explained_and_what_was_typed_is_kept(people: People) -> None:
    response = signed_in(people.client).post(
        "/me/plan/suggestions/987654/", {"decision": "reworded", "text": "My careful own words"}
    )
    assert response.status_code == 404
    body = response.content.decode()
    assert "We could not find that suggestion" in body
    assert "My careful own words" in body
    assert signed_in(people.supporter).post("/me/plan/suggestions/987654/", {"decision": "accepted"}).status_code == 404


def test_the_same_suggestion_sent_twice_is_stored_once(people: People) -> None:
    goal = make_goal(people.client)
    key = str(uuid.uuid4())
    suggest_through_the_page(people, goal=goal.pk, key=key)
    suggest_through_the_page(people, goal=goal.pk, key=key)
    assert Suggestion.objects.count() == 1


def test_a_private_goal_cannot_be_suggested_on(people: People) -> None:
    private = make_goal(people.client, "Just mine", is_private=True)
    with pytest.raises(ValidationError, match="not in the plan any more"):
        make_suggestion(people.client, people.supporter, goal=private)
    response = signed_in(people.supporter).post(
        f"/people/{people.client.pk}/plan/suggest/",
        {"kind": "step", "text": "x", "goal": private.pk, "key": str(uuid.uuid4())},
    )
    assert Suggestion.objects.count() == 0
    assert "Just mine" not in response.content.decode()


def test_a_suggestion_about_another_clients_goal_is_refused(people: People) -> None:
    elsewhere = make_goal(people.other_client, "Olive's goal")
    response = signed_in(people.supporter).post(
        f"/people/{people.client.pk}/plan/suggest/",
        {"kind": "step", "text": "x", "goal": elsewhere.pk, "key": str(uuid.uuid4())},
    )
    assert Suggestion.objects.count() == 0
    assert "That goal is not in the plan any more" in response.content.decode()


def test_asking_for_ideas_reaches_the_supporter_and_an_answer_closes_it(people: People) -> None:
    goal = make_goal(people.client)
    signed_in(people.client).post(f"/me/plan/goals/{goal.pk}/ask/", {"note": "How do I start?"})
    ask = IdeaRequest.objects.get()
    page = signed_in(people.supporter).get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "would like ideas" in page and "How do I start?" in page
    suggest_through_the_page(people, goal=goal.pk, in_reply_to=ask.pk)
    ask.refresh_from_db()
    assert ask.answered_at is not None
    assert Suggestion.objects.get().in_reply_to == ask


def test_asking_about_a_private_goal_is_explained(people: People) -> None:
    private = make_goal(people.client, "Just mine", is_private=True)
    response = signed_in(people.client).post(f"/me/plan/goals/{private.pk}/ask/", {"note": ""}, follow=True)
    assert "This goal is private" in response.content.decode()
    assert not IdeaRequest.objects.exists()


def test_accepting_a_resource_adds_it_to_the_goals_supports(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(
        people.client, people.supporter, kind=SuggestionKind.RESOURCE, goal=goal, text="Tuesday group at the library"
    )
    actions.decide(suggestion, Decision.ACCEPTED, by=people.client)
    assert Goal.objects.get().supports == "Tuesday group at the library"


def test_checking_the_wording_shows_hints_and_sends_nothing(people: People) -> None:
    goal = make_goal(people.client)
    form = {
        "kind": "step",
        "text": "You need to stay clean, addict.",
        "reason": "",
        "key": str(uuid.uuid4()),
        "goal": goal.pk,
        "check_wording": "1",
    }
    response = signed_in(people.supporter).post(f"/people/{people.client.pk}/plan/suggest/", form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wording to reconsider" in page and "addict" in page
    assert "You need to stay clean, addict." in page  # what was typed is kept
    assert not Suggestion.objects.exists()


def test_checking_the_wording_coaches_both_fields_with_one_model_call(people: People) -> None:
    goal = make_goal(people.client)
    form = {"kind": "step", "text": "Go to the group, addict.", "reason": "You are in denial.", "goal": goal.pk}
    with mock.patch("alongside.language.classifier.label", wraps=classifier.label) as model:
        page = signed_in(people.supporter).post(
            f"/people/{people.client.pk}/plan/suggest/", {**form, "key": str(uuid.uuid4()), "check_wording": "1"}
        )
    assert model.call_count == 1 and len(model.call_args.args[0]) == 2
    assert "addict" in page.content.decode() and "in denial" in page.content.decode()
