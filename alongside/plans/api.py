"""API endpoint for a client's plan: goals in their own words, steps and suggestions.

Through ``policy.client_for`` (404 for anyone else, audit entry for the read); private goals, and
everything about them, only for the client themselves, exactly as on "My plan".
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Router, Schema

from alongside import policy
from alongside.api.auth import ApiRequest
from alongside.api.schemas import ERRORS

from .queries import plan_for

router = Router(tags=["plans"])


class StepOut(Schema):
    id: int
    text: str
    position: int
    status: str


class GoalOut(Schema):
    id: int
    text: str = Field(description="The goal in the client's own words.")
    why: str
    life_area: str
    status: str = Field(description="FHIR Goal.lifecycleStatus: proposed, active, on-hold, completed, cancelled.")
    target_date: date | None
    is_private: bool
    written_by_client: bool = Field(description="False when it began as a supporter's suggestion.")
    created_at: datetime
    steps: list[StepOut]


class SuggestionOut(Schema):
    id: int
    kind: str
    goal_id: int | None
    text: str
    decision: str
    created_at: datetime
    decided_at: datetime | None


class PlanOut(Schema):
    client_id: int
    goals: list[GoalOut]
    suggestions: list[SuggestionOut]


@router.get("/clients/{id}/plan", response={200: PlanOut, **ERRORS}, summary="A client's plan")
def plan(request: ApiRequest, id: int) -> dict[str, object]:
    client = policy.client_for(request, id, policy.Verb.READ, policy.Area.PLAN)
    shown = plan_for(client, include_private=policy.can_see_private(request.membership, client))
    goals = [
        {
            **{name: getattr(goal, name) for name in ("id", "text", "why", "life_area", "status", "target_date")},
            "is_private": goal.is_private,
            "written_by_client": goal.suggested_by_id is None,
            "created_at": goal.created_at,
            "steps": goal.step_list,
        }
        for goal in shown.goals
    ]
    return {"client_id": client.pk, "goals": goals, "suggestions": shown.suggestions}
