"""What the pages show: milestones for both, encouragement, autonomy figures, htmx partials, printing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.plans import actions
from alongside.plans.models import Decision, Encouragement, Milestone, Step, Suggestion
from alongside.plans.queries import autonomy, plan_for
from tests.conftest import People, signed_in

from .factories import make_goal, make_step, make_suggestion

pytestmark = pytest.mark.django_db


def test_a_completed_step_is_a_milestone_for_both_and_can_be_encouraged(people: People) -> None:
    step = make_step(make_goal(people.client), "Call my sister")
    signed_in(people.client).post(f"/me/plan/steps/{step.pk}/status/", {"status": "completed"})
    milestone = Milestone.objects.get()
    assert "Step done: Call my sister" in signed_in(people.client).get("/me/").content.decode()
    supporter = signed_in(people.supporter)
    assert "Step done: Call my sister" in supporter.get(f"/people/{people.client.pk}/plan/").content.decode()
    response = supporter.post(
        f"/people/{people.client.pk}/plan/milestones/{milestone.pk}/encourage/", {"text": "So proud of you"}
    )
    assert response.status_code == 302
    assert Encouragement.objects.get().author == people.supporter
    assert "So proud of you" in signed_in(people.client).get("/me/").content.decode()


def test_the_client_does_not_encourage_their_own_milestone_through_the_supporter_page(people: People) -> None:
    step = make_step(make_goal(people.client))
    milestone = actions.set_status(step, "completed", by=people.client)
    assert milestone is not None
    url = f"/people/{people.client.pk}/plan/milestones/{milestone.pk}/encourage/"
    assert signed_in(people.client).post(url, {"text": "Go me"}).status_code == 404


def test_autonomy_figures(people: People) -> None:
    goal = make_goal(people.client)
    make_step(goal)
    outcomes = [Decision.ACCEPTED, Decision.REWORDED, Decision.DECLINED, Decision.LATER]
    for hours, decision in zip((1, 3, 5, 0), outcomes, strict=True):
        suggestion = make_suggestion(people.client, people.supporter, goal=goal)
        actions.decide(suggestion, decision, by=people.client, text="In my words")
        if hours:
            Suggestion.objects.filter(pk=suggestion.pk).update(
                created_at=timezone.now() - timedelta(hours=hours), decided_at=timezone.now()
            )
    plan = plan_for(people.client, include_private=True)
    figures = plan.autonomy
    assert (figures.items, figures.written_by_client) == (4, 2)  # goal and own step; two accepted steps
    assert (figures.accepted, figures.reworded, figures.declined, figures.waiting) == (1, 1, 1, 1)
    assert figures.share_written == 50
    assert figures.median_wait is not None and round(figures.median_wait.total_seconds() / 3600) == 3
    for browser, url in ((people.client, "/me/plan/"), (people.supporter, f"/people/{people.client.pk}/plan/")):
        page = signed_in(browser).get(url).content.decode()
        assert "50%" in page and "3 hours" in page


def test_autonomy_of_an_empty_plan() -> None:
    figures = autonomy([], [])
    assert figures.share_written is None and figures.median_wait is None


def test_htmx_gets_just_the_goal_card(people: People) -> None:
    goal = make_goal(people.client, "Walk more")
    step = make_step(goal, "Find trainers")
    response = signed_in(people.client).post(
        f"/me/plan/steps/{step.pk}/status/", {"status": "completed"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and f'id="goal-{goal.pk}"' in body
    assert "Every step forward counts" in body


def test_htmx_add_step_with_a_problem_keeps_the_text(people: People) -> None:
    goal = make_goal(people.client)
    text = "x" * 400
    body = (
        signed_in(people.client)
        .post(f"/me/plan/goals/{goal.pk}/steps/", {"text": text}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "<html" not in body and text in body and "Please shorten it" in body
    assert not Step.objects.exists()


def test_steps_can_be_reordered(people: People) -> None:
    goal = make_goal(people.client)
    first, second, third = (make_step(goal, name) for name in ("One", "Two", "Three"))
    browser = signed_in(people.client)
    browser.post(f"/me/plan/steps/{third.pk}/move/", {"direction": "up"})
    browser.post(f"/me/plan/steps/{first.pk}/move/", {"direction": "up"})  # already at the top: nothing moves
    assert list(goal.steps.order_by("position").values_list("text", flat=True)) == ["One", "Three", "Two"]
    assert first.pk and second.pk


def test_print_page_has_print_styles_and_the_plan(people: People) -> None:
    goal = make_goal(people.client, "Walk more")
    make_step(goal, "Find trainers")
    body = signed_in(people.client).get("/me/plan/print/").content.decode()
    assert "plans/plans.css" in body and "Walk more" in body and "Find trainers" in body


def test_client_overview_links_to_the_plan(people: People) -> None:
    body = signed_in(people.supporter).get(f"/people/{people.client.pk}/").content.decode()
    assert f"/people/{people.client.pk}/plan/" in body
