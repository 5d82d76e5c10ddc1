"""Small template helpers for the plan: which status buttons to show, and plain wording of durations."""

from __future__ import annotations

from datetime import timedelta

from django import template

from alongside.plans.models import TRANSITIONS, Status

register = template.Library()

MOVE_LABELS = {
    Status.ACTIVE: "Work on it",
    Status.ON_HOLD: "Pause",
    Status.COMPLETED: "Mark as done",
    Status.CANCELLED: "Set aside",
}


@register.filter
def next_statuses(status: str) -> list[tuple[str, str]]:
    """The buttons for an item: where it may go next, in lifecycle order."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [(value, label) for value, label in MOVE_LABELS.items() if value in allowed]


@register.filter
def plain_duration(value: timedelta | None) -> str:
    if value is None:
        return "no decisions yet"
    hours = value.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"
