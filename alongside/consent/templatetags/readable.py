"""Filters for the printable record (``consent/readable/*`` and every app's readable template).

Sections hand their templates the same data as the JSON download, where dates are ISO strings; these write
them out in full in the page's language ("30 November 2026", "30 November 2026 at 14:05"; in Spanish "30 de
noviembre de 2026", "30 de noviembre de 2026 a las 14:05"), in local time, and put codes into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


def _parsed(value: Any) -> date | datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value if isinstance(value, date) else None


@register.filter
def written_date(value: Any) -> str:
    """ "30 November 2026" (from a date, a datetime or an ISO string); "" when there is none."""
    parsed = _parsed(value)
    return date_format(parsed, "DATE_FORMAT") if parsed else ""


@register.filter
def written_time(value: Any) -> str:
    """ "30 November 2026 at 14:05" for a moment; a plain date when there is no time of day."""
    parsed = _parsed(value)
    if parsed is None:
        return ""
    if not isinstance(parsed, datetime):
        return date_format(parsed, "DATE_FORMAT")
    return _("%(day)s at %(time)s") % {
        "day": date_format(parsed, "DATE_FORMAT"),
        "time": date_format(parsed, "TIME_FORMAT"),
    }


@register.filter
def word_for(code: Any, words: Mapping[str, str]) -> str:
    """A stored code in words (``{{ goal.status|word_for:statuses }}``); the code itself if it has none."""
    return words.get(code, str(code)) if code is not None else ""


@register.simple_tag(takes_context=True)
def readable_part(context: template.Context, part: Any) -> str:
    """One section of the printable record: its app's template, with what the section gathered."""
    with context.push(**part.context):
        return context.template.engine.get_template(part.template).render(context)  # type: ignore[union-attr]
