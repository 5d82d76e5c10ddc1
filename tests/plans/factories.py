"""Plan items made through the real actions, so history and audit entries exist as in real life."""

from __future__ import annotations

import uuid
from typing import Any

from alongside.accounts.models import Membership
from alongside.plans import actions
from alongside.plans.models import Goal, Step, Suggestion, SuggestionKind


def make_goal(client: Membership, text: str = "Walk by the river three mornings a week", **kwargs: Any) -> Goal:
    return actions.create_goal(client, {"text": text}, by=client, **kwargs)


def make_step(goal: Goal, text: str = "Find my old trainers") -> Step:
    step = actions.add_step(goal, text, by=goal.client)
    step.goal = goal
    return step


def make_suggestion(
    client: Membership,
    supporter: Membership,
    *,
    kind: str = SuggestionKind.STEP,
    goal: Goal | None = None,
    step: Step | None = None,
    text: str = "Try the free swim session",
) -> Suggestion:
    return actions.suggest(
        client, by=supporter, kind=kind, text=text, reason="You liked swimming.", goal=goal, step=step, key=uuid.uuid4()
    )
