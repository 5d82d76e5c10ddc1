"""Plan pages run a fixed number of queries whether the plan has 3 goals or 300."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Membership
from alongside.plans import actions, queries
from alongside.plans.models import (
    Decision,
    Encouragement,
    Goal,
    IdeaRequest,
    Milestone,
    Revision,
    Status,
    Step,
    Suggestion,
)
from alongside.policy import Area
from tests.conftest import People, signed_in

pytestmark = pytest.mark.django_db


def grow_plan(people: People, goals: int) -> None:
    """Goals with steps, suggestions in several states, milestones and encouragement: bulk-made for speed."""
    client, supporter = people.client, people.supporter
    organisation = client.organisation_id
    made = Goal.objects.bulk_create(
        Goal(
            organisation_id=organisation,
            client=client,
            text=f"Goal {n}",
            why="Because",
            status=[Status.ACTIVE, Status.COMPLETED, Status.CANCELLED][n % 3],
            is_private=n % 7 == 0,
            written_by=client.user,
            suggested_by=supporter.user if n % 2 else None,
        )
        for n in range(goals)
    )
    steps = Step.objects.bulk_create(
        Step(organisation_id=organisation, goal=goal, text=f"Step {k}", position=k, written_by=client.user)
        for goal in made
        for k in range(3)
    )
    Revision.objects.bulk_create(
        Revision(
            organisation_id=organisation,
            goal=goal,
            version=1,
            change="created",
            changed_by=client.user,
            snapshot='{"text": "x", "status": "active"}',
        )
        for goal in made
    )
    decisions = list(Decision.values)
    Suggestion.objects.bulk_create(
        Suggestion(
            organisation_id=organisation,
            client=client,
            suggested_by=supporter,
            kind="step",
            goal=goal,
            text="Idea",
            idempotency_key=uuid.uuid4(),
            decision=decisions[n % len(decisions)],
        )
        for n, goal in enumerate(made)
    )
    milestones = Milestone.objects.bulk_create(
        Milestone(organisation_id=organisation, client=client, goal=step.goal, step=step) for step in steps[::3]
    )
    Encouragement.objects.bulk_create(
        Encouragement(organisation_id=organisation, milestone=m, author=supporter, text="Well done") for m in milestones
    )
    for goal in made[:3]:
        goal.client = client
        if not goal.is_private:
            actions.ask_for_ideas(goal, "", by=client)


def count_queries(member: Membership, url: str) -> int:
    browser = signed_in(member)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(captured)


# Every query, savepoints, session and sign-in lookups and the audit entry included. The authors of goals and steps
# are attached from people already loaded (plans.queries._attach_authors), never read one by one.
@pytest.mark.parametrize(
    ("who", "url", "expected"),
    [
        ("client", "/me/plan/", 13),
        ("client", "/me/plan/print/", 12),
        ("client", "/me/", 10),
        ("supporter", "supporter_plan", 15),
    ],
)
def test_plan_pages_do_not_grow_with_the_plan(people: People, who: str, url: str, expected: int) -> None:
    member = getattr(people, who)
    url = f"/people/{people.client.pk}/plan/" if url == "supporter_plan" else url
    grow_plan(people, 3)
    small = count_queries(member, url)
    grow_plan(people, 297)
    assert Goal.objects.count() == 300
    large = count_queries(member, url)
    assert large == small == expected


def test_the_supporters_plan_asks_about_the_assignment_once(people: People) -> None:
    """Whether the supporter may suggest comes from the basis of the read (policy.may_contribute_after_read)."""
    browser = signed_in(people.supporter)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(f"/people/{people.client.pk}/plan/")
    assert response.status_code == 200
    assert response.context["can_suggest"] is True
    assert sum('FROM "accounts_assignment"' in query["sql"] for query in captured.captured_queries) == 1


@pytest.mark.parametrize(("who", "may"), [("supporter", True), ("unassigned_supporter", False), ("supervisor", False)])
def test_without_a_read_on_the_request_the_policy_asks_the_database(people: People, who: str, may: bool) -> None:
    request = RequestFactory().get("/")
    request.membership = getattr(people, who)  # type: ignore[attr-defined]
    assert policy.may_contribute_after_read(request, people.client, Area.PLAN) is may


def test_the_plan_is_in_the_order_sql_would_give(people: People) -> None:
    """plan_for sorts in Python what it no longer orders in SQL (queries._oldest_first): goals, suggestions and
    idea requests by when they were made, then id; steps by position, then id. Here the newest rows are dated
    earliest, in reverse, and some share a moment or a position, so the order read is neither the ids' nor the
    dates' alone."""
    grow_plan(people, 12)
    moment = timezone.now()
    for model in (Goal, Suggestion, IdeaRequest):
        for n, pk in enumerate(model.objects.order_by("-pk").values_list("pk", flat=True)):
            model.objects.filter(pk=pk).update(created_at=moment + timedelta(minutes=n // 2))
    for n, pk in enumerate(Step.objects.order_by("-pk").values_list("pk", flat=True)):
        Step.objects.filter(pk=pk).update(position=n // 2)
    for include_private in (True, False):
        plan = queries.plan_for(people.client, include_private=include_private)
        goals = Goal.objects.filter(client=people.client).order_by("created_at", "pk")
        goals = goals if include_private else goals.filter(is_private=False)
        assert [goal.pk for goal in plan.goals] == [goal.pk for goal in goals]
        assert [goal.pk for goal in plan.goals] != sorted(goal.pk for goal in plan.goals)
        for goal in plan.goals:
            assert goal.step_list == list(Step.objects.filter(goal=goal).order_by("position", "pk"))
        suggestions = Suggestion.objects.filter(client=people.client).order_by("created_at", "pk")
        shown = [s.pk for s in suggestions if include_private or s.goal is None or not s.goal.is_private]
        assert [suggestion.pk for suggestion in plan.suggestions] == shown
        asked = IdeaRequest.objects.filter(client=people.client, answered_at__isnull=True, goal__is_private=False)
        assert [ask.pk for ask in plan.idea_requests] == list(
            asked.order_by("created_at", "pk").values_list("pk", flat=True)
        )
