"""Every change is kept with who made it; a readable diff shows what changed; earlier wording can come back."""

from __future__ import annotations

import pytest
from django.db import connection

from alongside.plans import actions
from alongside.plans.history import Segment, word_diff
from alongside.plans.models import Change, Decision, Goal, Revision
from tests.conftest import People, signed_in

from .factories import make_goal, make_step, make_suggestion

pytestmark = pytest.mark.django_db


def test_word_diff_marks_what_was_added_and_removed() -> None:
    assert word_diff("walk to the bridge", "walk slowly to the river") == [
        Segment("same", "walk"),
        Segment("added", " slowly"),
        Segment("same", " to the "),
        Segment("removed", "bridge"),
        Segment("added", "river"),
    ]


def test_history_is_attributed_and_shows_a_readable_diff(people: People) -> None:
    goal = make_goal(people.client, "Walk to the bridge")
    actions.edit_goal(
        goal, {"text": "Walk slowly to the river"}, is_private=False, expected_version=1, by=people.client
    )
    suggestion = make_suggestion(people.client, people.supporter, goal=goal, text="Swim on Saturdays")
    actions.decide(suggestion, Decision.ACCEPTED, by=people.client)
    page = signed_in(people.client).get(f"/me/plan/goals/{goal.pk}/history/").content.decode()
    assert '<del><span class="visually-hidden">removed: </span>bridge</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>river</ins>' in page
    assert "by Casey Client, suggested by Sam Supporter" in page
    changes = list(Revision.objects.order_by("pk").values_list("change", "changed_by", "suggested_by"))
    client_user, supporter_user = people.client.user.pk, people.supporter.user.pk
    assert changes == [
        (Change.CREATED, client_user, None),
        (Change.EDITED, client_user, None),
        (Change.SUGGESTION, client_user, supporter_user),
    ]


def test_history_snapshots_are_encrypted_at_rest(people: People) -> None:
    make_goal(people.client, "A very personal goal")
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM plans_revision")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT text FROM plans_goal")
        (goal_text,) = cursor.fetchone()
    assert "personal" not in stored and "personal" not in goal_text


def test_restoring_an_earlier_wording_adds_a_version_and_loses_nothing(people: People) -> None:
    goal = make_goal(people.client, "First words")
    actions.edit_goal(goal, {"text": "Second words"}, is_private=False, expected_version=1, by=people.client)
    first = Revision.objects.order_by("pk").first()
    assert first is not None
    browser = signed_in(people.client)
    response = browser.post(f"/me/plan/history/{first.pk}/restore/", {"version": 2}, follow=True)
    assert "The earlier wording is back" in response.content.decode()
    goal.refresh_from_db()
    assert (goal.text, goal.version) == ("First words", 3)
    assert list(goal.revisions.values_list("change", flat=True)) == [Change.CREATED, Change.EDITED, Change.RESTORED]


def test_restoring_from_an_old_page_is_explained(people: People) -> None:
    goal = make_goal(people.client, "First words")
    actions.edit_goal(goal, {"text": "Second words"}, is_private=False, expected_version=1, by=people.client)
    first = Revision.objects.order_by("pk").first()
    assert first is not None
    response = signed_in(people.client).post(f"/me/plan/history/{first.pk}/restore/", {"version": 1}, follow=True)
    assert "This changed meanwhile" in response.content.decode()
    assert Goal.objects.get().text == "Second words"


def test_step_history_and_restore(people: People) -> None:
    step = make_step(make_goal(people.client), "Find my trainers")
    actions.edit_step(step, "Buy new trainers", expected_version=1, by=people.client)
    first = Revision.objects.filter(step=step).order_by("pk").first()
    assert first is not None
    signed_in(people.client).post(f"/me/plan/history/{first.pk}/restore/", {"version": 2})
    step.refresh_from_db()
    assert step.text == "Find my trainers"


def test_authorship_follows_the_current_wording(people: People) -> None:
    goal = make_goal(people.client)
    suggestion = make_suggestion(
        people.client, people.supporter, kind="rewording", goal=goal, text="Move in ways I enjoy"
    )
    actions.decide(suggestion, Decision.ACCEPTED, by=people.client)
    goal.refresh_from_db()
    assert goal.suggested_by == people.supporter.user
    actions.edit_goal(
        goal, {"text": "Move how I like"}, is_private=False, expected_version=goal.version, by=people.client
    )
    goal.refresh_from_db()
    assert goal.suggested_by is None


def test_only_earlier_wordings_offer_a_restore(people: People) -> None:
    goal = make_goal(people.client, "First words")
    make_step(goal, "A step")
    actions.edit_goal(goal, {"text": "Second words"}, is_private=False, expected_version=1, by=people.client)
    actions.set_status(goal, "on-hold", by=people.client)
    page = signed_in(people.client).get(f"/me/plan/goals/{goal.pk}/history/").content.decode()
    assert page.count("Restore this wording") == 1
