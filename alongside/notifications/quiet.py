"""Quiet hours: a span of local time, possibly across midnight, in which nothing is sent."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings


def zone(name: str) -> ZoneInfo:
    """The person's time zone, or the organisation's (the deployment's TIME_ZONE) when they chose none."""
    return ZoneInfo(name if name in available_timezones() else settings.TIME_ZONE)


def is_quiet(local: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # across midnight: 22:00 to 07:00


def not_before(now: datetime, start: time | None, end: time | None, tz: ZoneInfo) -> datetime:
    """When a message due ``now`` may be sent: ``now``, or the end of the quiet hours it falls in."""
    if start is None or end is None or start == end:
        return now
    local = now.astimezone(tz)
    if not is_quiet(local.time(), start, end):
        return now
    ends = datetime.combine(local.date(), end, tzinfo=tz)
    if ends <= local:
        ends = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=tz)
    return ends
