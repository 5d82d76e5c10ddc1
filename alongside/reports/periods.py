"""The period a dashboard covers: whole days in the site's time zone (``TIME_ZONE``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included, in the site's time zone."""

    start: date
    end: date

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        end = today or timezone.localdate(timezone=timezone.get_default_timezone())
        return cls(end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7

    @property
    def after(self) -> datetime:
        return midnight(self.start)

    @property
    def before(self) -> datetime:
        return midnight(self.end + timedelta(days=1))

    def mondays(self) -> list[date]:
        first = monday_of(self.start)
        return [first + timedelta(weeks=n) for n in range((self.end - first).days // 7 + 1)]

    def week_start(self, day: date) -> date:
        """The first day of ``day``'s week that lies in the period (weeks start on Monday)."""
        return max(monday_of(day), self.start)

    def q(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.after, f"{field_name}__lt": self.before})


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def local_day(moment: datetime) -> date:
    """The day ``moment`` falls on in the site's time zone: the day the period's bounds count it in."""
    return timezone.localdate(moment, timezone.get_default_timezone())
