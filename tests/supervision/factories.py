"""Supervision made through the real actions: the supervisor of ``people`` supervises their peer supporter."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.supervision import actions
from alongside.supervision.models import DevelopmentGoal, Pairing, Session
from tests.conftest import People

WORDS = {
    "talked_about": "Sitting with anger without fixing it.",
    "takeaway": "I can stay with a feeling without having the answer.",
    "next_step": "One more reflection before each question.",
}
GOAL = "Reflect back what I hear before I ask the next question."


def pairing(people: People) -> Pairing:
    return actions.start_pairing(people.supervisor, people.supporter, by=people.admin)


def session(held: Pairing, people: People) -> Session:
    return actions.record_session(
        held, held_on=timezone.localdate() - timedelta(days=2), items=WORDS, by=people.supervisor
    )


def goal(held: Pairing, people: People) -> DevelopmentGoal:
    return actions.write_goal(held, GOAL, by=people.supporter)
