"""Dates in forms: one unambiguous format, and only dates that make sense for the field.

Django's US-English input formats read "01/02/2027" as 2 January without a word, while much of the world
means 1 February. Every date field here accepts only year-month-day (what ``<input type="date">`` sends,
and what its picker shows in the reader's own style), and says so when something else arrives. Each field
also names the range of dates that make sense for it (a meeting in 1901 is a typo), in its error message
and as the picker's ``min`` and ``max``. A bound form shows the typed value again beside the error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
UNCLEAR_DATE = _(
    "Please give the date as year-month-day, for example 2027-02-01. "
    "A date like 01/02/2027 can mean 1 February or 2 January, so it is not accepted."
)


D = TypeVar("D", date, datetime)
# An evening session can run past midnight; one that seems to last longer than this is a mistyped time instead.
OVERNIGHT_HOURS = 6


def minutes_from(start: time, end: time) -> int:
    """How long a session from ``start`` to ``end`` (times of day, as forms take them) lasted. An end earlier
    than the start is the next day when that makes a session of at most ``OVERNIGHT_HOURS`` (23:15 to 00:45 is
    90 minutes); otherwise the minutes are zero or fewer, which every caller refuses as a mistyped time."""
    day = date(2000, 1, 1)
    minutes = int((datetime.combine(day, end) - datetime.combine(day, start)).total_seconds() // 60)
    if minutes < 0 and minutes + 24 * 60 <= OVERNIGHT_HOURS * 60:
        return minutes + 24 * 60
    return minutes


def years_later(moment: D, years: int) -> D:
    """The same day ``years`` later (earlier if negative); 29 February becomes 28 February in a year that has none."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def spoken(day: date) -> str:
    """The day in words, in the language of the moment: 5 November 2026, or 5 de noviembre de 2026."""
    return date_format(day, "DATE_FORMAT")


@dataclass(frozen=True)
class Plausible:
    """The dates that make sense for a field, counted from today, and why (said in the error message)."""

    years_back: int
    years_ahead: int
    why: StrOrPromise  # gettext_lazy: said in the reader's language

    def bounds(self) -> tuple[date, date]:
        today = timezone.localdate()
        return years_later(today, -self.years_back), years_later(today, self.years_ahead)

    def check(self, day: date) -> None:
        earliest, latest = self.bounds()
        if not earliest <= day <= latest:
            raise ValidationError(
                gettext("Please choose a date from %(earliest)s to %(latest)s: %(why)s")
                % {"earliest": spoken(earliest), "latest": spoken(latest), "why": self.why},
                code="implausible",
            )


class IsoDateInput(forms.DateInput):
    input_type = "date"
    iso_format = ISO_DATE
    first_moment, last_moment = "", ""  # what follows the day in ``min`` and ``max``

    def __init__(self, plausible: Plausible | None = None) -> None:
        super().__init__(format=self.iso_format)
        self.plausible = plausible

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if self.plausible:  # the picker opens on sensible dates; counted at each render, as today moves on
            earliest, latest = self.plausible.bounds()
            edges = {"min": f"{earliest}{self.first_moment}", "max": f"{latest}{self.last_moment}"}
            context["widget"]["attrs"] |= edges
        return context


class IsoDateTimeInput(IsoDateInput):
    input_type = "datetime-local"
    iso_format = "%Y-%m-%dT%H:%M"
    first_moment, last_moment = "T00:00", "T23:59"


class IsoDateField(forms.DateField):
    """A date as year-month-day only, within the field's plausible range (if it has one)."""

    def __init__(self, *, plausible: Plausible | None = None, **kwargs: Any) -> None:
        kwargs["error_messages"] = {"invalid": UNCLEAR_DATE} | kwargs.get("error_messages", {})
        super().__init__(input_formats=[ISO_DATE], widget=IsoDateInput(plausible), **kwargs)
        self.plausible = plausible

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and self.plausible:
            self.plausible.check(value)


class IsoDateTimeField(forms.DateTimeField):
    """A date and time as year-month-day and hours:minutes only, within the field's plausible range."""

    def __init__(self, *, plausible: Plausible | None = None, **kwargs: Any) -> None:
        kwargs["error_messages"] = {"invalid": UNCLEAR_DATE} | kwargs.get("error_messages", {})
        super().__init__(input_formats=ISO_DATETIME_FORMATS, widget=IsoDateTimeInput(plausible), **kwargs)
        self.plausible = plausible

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime) and self.plausible:
            self.plausible.check(timezone.localtime(value).date())
