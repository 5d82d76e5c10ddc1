"""The payer rules, as plain functions: billing units from minutes, and the checks a record must pass to be signed.

Units (docs/service-delivery.md): with the 8-minute rule a unit counts once at least half of it plus one minute
was given (8 of 15 minutes): 8 to 22 minutes is 1 unit, 23 to 37 is 2, and under 8 is none. With "whole units" only
complete units count (15 to 29 minutes is 1). The unit length and the rule are the payer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.core.dates import minutes_from

from .models import Payer, RecordStatus, Rounding, SessionRecord

# How far the documented times may differ from the meeting's recorded length before signing is refused.
LENGTH_TOLERANCE_MINUTES = 5


def units_for(minutes: int, unit_minutes: int, rounding: str) -> int:
    """Billing units for ``minutes`` of service under the payer's unit length and rounding rule."""
    if minutes <= 0 or unit_minutes <= 0:
        return 0
    if rounding == Rounding.WHOLE_UNITS:
        return minutes // unit_minutes
    threshold = unit_minutes // 2 + 1  # 8 of 15
    return (minutes + unit_minutes - threshold) // unit_minutes


def rule_in_words(payer: Payer) -> str:
    if payer.rounding == Rounding.WHOLE_UNITS:
        return _("only whole units count")
    return _("a unit counts from %(minutes)s minutes") % {"minutes": payer.unit_minutes // 2 + 1}


def minutes_between(start: time | None, end: time | None) -> int | None:
    """The session's minutes (``core.dates.minutes_from``: past midnight, the next day), or None without both."""
    if start is None or end is None:
        return None
    return minutes_from(start, end)


def units_of(record: SessionRecord) -> int:
    minutes = minutes_between(record.start_time, record.end_time)
    if minutes is None or record.service_code is None:
        return 0
    payer = record.service_code.payer
    return units_for(minutes, payer.unit_minutes, payer.rounding)


@dataclass(frozen=True)
class Problem:
    """One reason a record cannot be signed yet: ``field`` is the form field it belongs to ("" for the whole)."""

    field: str
    message: str


REQUIRED = (
    ("service_date", gettext_lazy("Please give the date of the session.")),
    ("start_time", gettext_lazy("Please give the time the session started.")),
    ("end_time", gettext_lazy("Please give the time the session ended.")),
    ("place_of_service", gettext_lazy("Please choose where the session took place (the place of service).")),
    ("contact_type", gettext_lazy("Please choose how you were in contact (in person, phone, video or text).")),
    ("service_code", gettext_lazy("Please choose the service code.")),
    ("what_was_done", gettext_lazy("Please describe what you did together.")),
    ("response", gettext_lazy("Please describe how the person responded.")),
    ("next_step", gettext_lazy("Please write the next step.")),
)


def units_used_that_day(record: SessionRecord, payer: Payer) -> int:
    """Units already signed for the same client, day and payer, not counting ``record`` itself: individual and
    group records alike (the limit is per person, whatever kind of session the units came from)."""
    used = (
        SessionRecord.objects.filter(
            client_id=record.client_id,
            service_date=record.service_date,
            service_code__payer=payer,
            status__in=(RecordStatus.SIGNED, RecordStatus.AWAITING_COSIGN),
        )
        .exclude(pk=record.pk)
        .aggregate(total=Sum("units"))["total"]
    )
    return used or 0


def problems(record: SessionRecord, goal_count: int) -> list[Problem]:
    """Everything that stops ``record`` from being signed, each with a specific message. Empty: it may be signed."""
    found = [Problem(field, str(message)) for field, message in REQUIRED if not getattr(record, field)]
    minutes = minutes_between(record.start_time, record.end_time)
    if minutes is not None and minutes <= 0:
        found.append(Problem("end_time", _("The end time must be after the start time.")))
    elif minutes is not None and record.service_code is not None:
        payer = record.service_code.payer
        units = units_for(minutes, payer.unit_minutes, payer.rounding)
        if units == 0:
            found.append(
                Problem(
                    "end_time",
                    _(
                        "%(minutes)s minutes is less than one billing unit for %(payer)s "
                        "(%(unit)s-minute units; %(rule)s)."
                    )
                    % {
                        "minutes": minutes,
                        "payer": payer.name,
                        "unit": payer.unit_minutes,
                        "rule": rule_in_words(payer),
                    },
                )
            )
        meeting = record.meeting
        attendance = record.attendance
        if attendance is not None and minutes > attendance.session.minutes + LENGTH_TOLERANCE_MINUTES:
            found.append(
                Problem(
                    "end_time",
                    _(
                        "The start and end times give %(minutes)s minutes, but the group session lasted "
                        "%(recorded)s minutes. Please correct the times."
                    )
                    % {"minutes": minutes, "recorded": attendance.session.minutes},
                )
            )
        if meeting is not None and abs(minutes - meeting.duration_minutes) > LENGTH_TOLERANCE_MINUTES:
            found.append(
                Problem(
                    "end_time",
                    _(
                        "The start and end times give %(minutes)s minutes, but the meeting was recorded as "
                        "%(recorded)s minutes. Please correct the times (or the meeting's length)."
                    )
                    % {"minutes": minutes, "recorded": meeting.duration_minutes},
                )
            )
        if payer.daily_unit_limit is not None and record.service_date is not None and units:
            used = units_used_that_day(record, payer)
            if used + units > payer.daily_unit_limit:
                found.append(
                    Problem(
                        "",
                        _(
                            "%(payer)s allows %(limit)s units a day for one person. %(used)s are already signed "
                            "for %(day)s, so these %(units)s would make %(total)s."
                        )
                        % {
                            "payer": payer.name,
                            "limit": payer.daily_unit_limit,
                            "used": used,
                            "day": date_format(record.service_date, "DATE_FORMAT"),
                            "units": units,
                            "total": used + units,
                        },
                    )
                )
    code = record.service_code
    if record.attendance is not None:
        if code is not None and (not code.is_active or not code.for_groups):
            found.append(Problem("service_code", _("This service code is not offered for group sessions.")))
        held_on = timezone.localdate(record.attendance.session.starts_at)
        if record.service_date and held_on != record.service_date:
            found.append(
                Problem(
                    "service_date",
                    _("The group session was held on %(day)s; the date of service must be the same.")
                    % {"day": date_format(held_on, "DATE_FORMAT")},
                )
            )
    else:
        if code is not None and (not code.is_active or code.for_groups):
            found.append(Problem("service_code", _("This service code is not offered for individual sessions.")))
        held = timezone.localdate(record.meeting.held_at) if record.meeting is not None else None
        if held is not None and record.service_date and held != record.service_date:
            found.append(
                Problem(
                    "service_date",
                    _("The meeting was held on %(day)s; the date of service must be the same.")
                    % {"day": date_format(held, "DATE_FORMAT")},
                )
            )
    if goal_count == 0:
        found.append(
            Problem("goals", _("Please link at least one goal from the person's plan that this session served."))
        )
    return found
