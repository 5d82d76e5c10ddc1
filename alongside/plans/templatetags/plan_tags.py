"""Small template helpers for the plan: which status buttons to show, and plain wording of durations."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alongside.plans.models import TRANSITIONS, Status

register = template.Library()

MOVE_LABELS = {
    Status.ACTIVE: _("Work on it"),
    Status.ON_HOLD: _("Pause"),
    Status.COMPLETED: _("Mark as done"),
    Status.CANCELLED: pgettext_lazy("button: a goal or step", "Set aside"),
}


@register.filter
def next_statuses(status: str) -> list[tuple[str, str | Promise]]:
    """The buttons for an item: where it may go next, in lifecycle order."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [(value, label) for value, label in MOVE_LABELS.items() if value in allowed]


@register.filter
def plain_duration(value: timedelta | None) -> str:
    if value is None:
        return gettext("no decisions yet")
    hours = value.total_seconds() / 3600
    if hours < 1:
        return gettext("under an hour")
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", round(hours)) % {"count": round(hours)}
    days = round(hours / 24)
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
