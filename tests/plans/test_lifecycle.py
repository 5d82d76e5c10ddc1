"""FHIR Goal lifecycle: every transition the client may make, every one refused, and who may make none."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from alongside.audit.models import AuditEntry
from alongside.plans import actions
from alongside.plans.models import TRANSITIONS, Goal, Milestone, Status, Step
from tests.conftest import People, signed_in

from .factories import make_goal, make_step

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(itertools.product(Status.values, Status.values))
ALLOWED = [(old, new) for old, new in ALL_PAIRS if new in TRANSITIONS[old]]
REFUSED = [(old, new) for old, new in ALL_PAIRS if new not in TRANSITIONS[old]]


def item_in(people: People, kind: str, status: str) -> Goal | Step:
    goal = make_goal(people.client)
    item: Goal | Step = goal if kind == "goal" else make_step(goal)
    type(item).objects.filter(pk=item.pk).update(status=status)
    return item


def status_url(kind: str, item: Goal | Step) -> str:
    return f"/me/plan/{kind}s/{item.pk}/status/"


def test_the_table_matches_fhir_goal_lifecycle() -> None:
    assert set(Status.values) == {"proposed", "active", "on-hold", "completed", "cancelled"}
    assert all(Status.PROPOSED not in targets for targets in TRANSITIONS.values()), "items only start as proposed"
    assert len(ALLOWED) == 10 and len(REFUSED) == 15


@pytest.mark.parametrize("kind", ["goal", "step"])
@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_the_client_makes_every_allowed_transition(people: People, kind: str, old: str, new: str) -> None:
    item = item_in(people, kind, old)
    response = signed_in(people.client).post(status_url(kind, item), {"status": new})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == new
    assert Milestone.objects.count() == (1 if new == Status.COMPLETED else 0)


@pytest.mark.parametrize("kind", ["goal", "step"])
@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_refused_transitions_are_explained_and_change_nothing(people: People, kind: str, old: str, new: str) -> None:
    item = item_in(people, kind, old)
    response = signed_in(people.client).post(status_url(kind, item), {"status": new}, follow=True)
    item.refresh_from_db()
    assert item.status == old
    assert Milestone.objects.count() == 0
    body = response.content.decode()
    assert "already marked" in body or "cannot be marked" in body


@pytest.mark.parametrize("kind", ["goal", "step"])
@pytest.mark.parametrize(("old", "new"), ALLOWED)
@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        ("supporter", 403),
        ("unassigned_supporter", 404),
        ("supervisor", 404),
        ("admin", 404),
        ("other_client", 404),
        ("outsider_supporter", 404),
    ],
)
def test_nobody_but_the_client_moves_an_item(
    people: People, kind: str, old: str, new: str, role: str, refusal: int
) -> None:
    item = item_in(people, kind, old)
    response = signed_in(getattr(people, role)).post(status_url(kind, item), {"status": new})
    assert response.status_code == refusal
    item.refresh_from_db()
    assert item.status == old


def test_unknown_status_is_explained(people: People) -> None:
    goal = make_goal(people.client)
    response = signed_in(people.client).post(status_url("goal", goal), {"status": "achieved"}, follow=True)
    assert "not a status" in response.content.decode()


def test_completing_twice_makes_one_milestone(people: People) -> None:
    step = make_step(make_goal(people.client))
    browser = signed_in(people.client)
    for _ in range(2):
        browser.post(status_url("step", step), {"status": "completed"})
    assert Milestone.objects.count() == 1


def test_a_new_goal_starts_as_proposed_or_active_only(people: People) -> None:
    assert make_goal(people.client, status=Status.PROPOSED).status == Status.PROPOSED
    with pytest.raises(ValidationError):
        make_goal(people.client, status=Status.COMPLETED)


def test_status_changes_are_in_the_history_and_audited_without_words(people: People) -> None:
    goal = make_goal(people.client, "Words that must stay out of the log")
    actions.set_status(goal, Status.ON_HOLD, by=people.client)
    assert goal.revisions.filter(change="status").count() == 1
    entry = AuditEntry.objects.get(action="plan.goal.status")
    assert entry.detail == {"status": "on-hold"} and entry.actor == people.client.user
    assert not any("Words that must" in str(e.detail) + e.target for e in AuditEntry.objects.all())
