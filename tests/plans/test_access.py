"""Only the client changes their plan: the assigned supporter gets 403 and nothing changes; outsiders get 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from alongside.accounts.models import Assignment
from alongside.plans import actions
from alongside.plans.models import Goal, IdeaRequest, Milestone, Revision, Step, Suggestion
from tests.conftest import People, signed_in

from .factories import make_goal, make_step, make_suggestion

pytestmark = pytest.mark.django_db

OUTSIDERS = ["unassigned_supporter", "outsider_supporter", "other_client", "supervisor", "admin", "outsider_client"]


def database_state() -> tuple[object, ...]:
    """Everything a write could touch, decrypted, so any change at all shows up."""
    return (
        sorted((g.pk, g.text, g.why, g.status, g.version, g.is_private) for g in Goal.objects.all()),
        sorted((s.pk, s.text, s.status, s.position, s.version) for s in Step.objects.all()),
        sorted((s.pk, s.decision) for s in Suggestion.objects.all()),
        Revision.objects.count(),
        Milestone.objects.count(),
        IdeaRequest.objects.count(),
    )


@pytest.fixture
def plan(people: People) -> dict[str, int]:
    goal = make_goal(people.client, "Walk more")
    goal = actions.edit_goal(
        goal,
        {"text": "Walk by the river three mornings a week"},
        is_private=False,
        expected_version=1,
        by=people.client,
    )
    first, second = make_step(goal), make_step(goal, "Walk to the bridge")
    suggestion = make_suggestion(people.client, people.supporter, goal=goal)
    revision = Revision.objects.filter(goal=goal, step=None).first()
    assert revision is not None
    return {
        "goal": goal.pk,
        "step": first.pk,
        "second": second.pk,
        "suggestion": suggestion.pk,
        "revision": revision.pk,
        "version": goal.version,
    }


WRITES: dict[str, Callable[[dict[str, int]], tuple[str, dict[str, object]]]] = {
    "edit goal": lambda ids: (f"/me/plan/goals/{ids['goal']}/edit/", {"text": "Taken over", "version": ids["version"]}),
    "goal status": lambda ids: (
        f"/me/plan/goals/{ids['goal']}/status/",
        {"status": "completed", "open_steps": "confirmed"},  # it has a step not done yet, so it asks first
    ),
    "ask for ideas": lambda ids: (f"/me/plan/goals/{ids['goal']}/ask/", {"note": ""}),
    "add step": lambda ids: (f"/me/plan/goals/{ids['goal']}/steps/", {"text": "A step I chose for you"}),
    "edit step": lambda ids: (f"/me/plan/steps/{ids['step']}/edit/", {"text": "Taken over", "version": 1}),
    "step status": lambda ids: (f"/me/plan/steps/{ids['step']}/status/", {"status": "completed"}),
    "move step": lambda ids: (f"/me/plan/steps/{ids['second']}/move/", {"direction": "up"}),
    "restore": lambda ids: (f"/me/plan/history/{ids['revision']}/restore/", {"version": ids["version"]}),
    "decide": lambda ids: (f"/me/plan/suggestions/{ids['suggestion']}/", {"decision": "accepted"}),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_supporter_direct_edit_is_refused_with_403_and_changes_nothing(
    people: People, plan: dict[str, int], write: str
) -> None:
    url, data = WRITES[write](plan)
    before = database_state()
    response = signed_in(people.supporter).post(url, data)
    assert response.status_code == 403, write
    assert "Only Casey Client can change their plan" in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("write", list(WRITES))
def test_the_client_can_make_each_of_these_changes(people: People, plan: dict[str, int], write: str) -> None:
    url, data = WRITES[write](plan)
    before = database_state()
    response = signed_in(people.client).post(url, data)
    assert response.status_code == 302, write
    assert database_state() != before


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_plan_change_and_learn_nothing(
    people: People, plan: dict[str, int], outsider: str
) -> None:
    browser = signed_in(getattr(people, outsider))
    before = database_state()
    for write, request in WRITES.items():
        url, data = request(plan)
        for response in (browser.get(url), browser.post(url, data)):
            assert response.status_code in (404, 405), (outsider, write)
            assert people.client.user.display_name not in response.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_the_supporter_pages(people: People, plan: dict[str, int], outsider: str) -> None:
    browser = signed_in(getattr(people, outsider))
    milestone_url = f"/people/{people.client.pk}/plan/milestones/1/encourage/"
    for url in (f"/people/{people.client.pk}/plan/", f"/people/{people.client.pk}/plan/suggest/", milestone_url):
        response = browser.get(url) if "encourage" not in url else browser.post(url, {"text": "hi"})
        assert response.status_code == 404, (outsider, url)
        assert people.client.user.display_name not in response.content.decode()


def test_client_and_supporter_pages_open_for_the_right_people(people: People, plan: dict[str, int]) -> None:
    client, supporter = signed_in(people.client), signed_in(people.supporter)
    for url in ("/me/plan/", "/me/plan/print/", "/me/journal/", "/me/plan/goals/new/"):
        assert client.get(url).status_code == 200, url
        assert supporter.get(url).status_code == 404, url
    for url in (f"/me/plan/goals/{plan['goal']}/edit/", f"/me/plan/goals/{plan['goal']}/history/"):
        assert client.get(url).status_code == 200, url
        assert supporter.get(url).status_code == 403, url
    assert client.get(f"/me/plan/suggestions/{plan['suggestion']}/").status_code == 200
    for url in (f"/people/{people.client.pk}/plan/", f"/people/{people.client.pk}/plan/suggest/"):
        assert supporter.get(url).status_code == 200, url


def test_private_goals_look_missing_to_the_supporter(people: People) -> None:
    private = make_goal(people.client, "Something just for me", is_private=True)
    make_step(private, "A private step")
    supporter = signed_in(people.supporter)
    page = supporter.get(f"/people/{people.client.pk}/plan/").content.decode()
    assert "Something just for me" not in page
    assert "A private step" not in page
    response = supporter.post(f"/me/plan/goals/{private.pk}/edit/", {"text": "x", "version": 1})
    assert response.status_code == 404
    assert "Something just for me" in signed_in(people.client).get("/me/plan/").content.decode()


def test_an_ended_assignment_closes_the_plan_at_once(people: People, plan: dict[str, int]) -> None:
    Assignment.objects.filter(client=people.client).update(ended_at="2026-01-01T00:00Z")
    supporter = signed_in(people.supporter)
    assert supporter.get(f"/people/{people.client.pk}/plan/").status_code == 404
    assert supporter.post(f"/me/plan/goals/{plan['goal']}/edit/", {"text": "x", "version": 1}).status_code == 404


def test_the_action_layer_refuses_a_supporter_too(people: People, plan: dict[str, int]) -> None:
    """Defence in depth: even a caller that skipped the view's check cannot let a supporter change the plan."""
    goal = Goal.objects.get(pk=plan["goal"])
    goal.client = people.client
    with pytest.raises(PermissionDenied):
        actions.edit_goal(goal, {"text": "Mine now"}, is_private=False, expected_version=1, by=people.supporter)
    with pytest.raises(PermissionDenied):
        actions.set_status(goal, "completed", by=people.supporter)
    assert Goal.objects.get(pk=goal.pk).text == "Walk by the river three mornings a week"
