"""The plan's section of "My data": goals, steps, suggestions, milestones and the journal, in full."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.consent.mydata import Readable, Section
from alongside.policy import Area

from .models import Decision, Goal, IdeaRequest, JournalEntry, LifeArea, Milestone, Status, Suggestion, SuggestionKind


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _name(user: Any) -> str | None:
    return user.display_name if user else None


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    goals = Goal.objects.filter(client=client).select_related("written_by", "suggested_by")
    goals = goals.prefetch_related("steps__written_by").order_by("created_at", "pk")
    suggestions = Suggestion.objects.filter(client=client).select_related("suggested_by__user", "goal")
    journal = JournalEntry.objects.filter(client=client).order_by("created_at")
    milestones = Milestone.objects.filter(client=client).select_related("goal", "step")
    milestones = milestones.prefetch_related("encouragements__author__user").order_by("created_at")
    if not include_private:
        goals, journal = goals.filter(is_private=False), journal.filter(is_private=False)
        suggestions = suggestions.exclude(goal__is_private=True)
        milestones = milestones.exclude(goal__is_private=True)
    return {
        "goals": [_goal(goal) for goal in goals],
        "suggestions": [_suggestion(suggestion) for suggestion in suggestions.order_by("created_at")],
        "milestones": [
            {
                "reached_at": _when(milestone.created_at),
                "goal": milestone.goal.text if milestone.goal else None,
                "step": milestone.step.text if milestone.step else None,
                "encouragements": [
                    {"from": e.author.user.display_name, "text": e.text, "at": _when(e.created_at)}
                    for e in milestone.encouragements.all()
                ],
            }
            for milestone in milestones
        ],
        "journal": [{"written_at": _when(e.created_at), "text": e.text, "private": e.is_private} for e in journal],
    }


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "text": goal.text,
        "why_it_matters": goal.why,
        "life_area": goal.life_area,
        "strengths": goal.strengths,
        "supports": goal.supports,
        "target_date": _when(goal.target_date),
        "status": goal.status,
        "private": goal.is_private,
        "written_by": _name(goal.written_by),
        "suggested_by": _name(goal.suggested_by),
        "created_at": _when(goal.created_at),
        "steps": [
            {
                "text": step.text,
                "status": step.status,
                "written_by": _name(step.written_by),
                "written_at": _when(step.created_at),
            }
            for step in sorted(goal.steps.all(), key=lambda step: step.position)
        ],
    }


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "kind": suggestion.kind,
        "text": suggestion.text,
        "reason": suggestion.reason,
        "for_goal": suggestion.goal.text if suggestion.goal else None,
        "suggested_by": suggestion.suggested_by.user.display_name,
        "suggested_at": _when(suggestion.created_at),
        "decision": suggestion.decision,
        "decided_at": _when(suggestion.decided_at),
        "why_declined": suggestion.decline_reason,
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    """At the end of the retention period: the plan and everything about it goes."""
    for model in (Milestone, Suggestion, IdeaRequest, JournalEntry, Goal):
        model.objects.filter(client=client).delete()


def readable(client: Membership) -> dict[str, Any]:
    """The printable record's plan and journal: the client's own download, with its codes in words."""
    return {
        "data": export_for_client(client, include_private=True),
        "statuses": dict(Status.choices),
        "life_areas": dict(LifeArea.choices),
        "decisions": dict(Decision.choices),
        "kinds": dict(SuggestionKind.choices),
    }


MY_DATA = [
    Section(
        "plans",
        export_for_client,
        Area.PLAN,
        purge_for_client,
        Readable(_("Your plan and journal"), "plans/readable.html", readable, order=20),
    )
]
