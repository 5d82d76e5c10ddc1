"""Billing units and the checks before signing, as plain functions."""

from datetime import time

import pytest

from alongside.billing.models import Rounding
from alongside.billing.rules import minutes_between, units_for


@pytest.mark.parametrize(
    ("minutes", "units"), [(0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (60, 4), (67, 4), (68, 5)]
)
def test_the_eight_minute_rule(minutes: int, units: int) -> None:
    assert units_for(minutes, 15, Rounding.EIGHT_MINUTE) == units


@pytest.mark.parametrize(("minutes", "units"), [(14, 0), (15, 1), (29, 1), (30, 2), (60, 4)])
def test_whole_units_only(minutes: int, units: int) -> None:
    assert units_for(minutes, 15, Rounding.WHOLE_UNITS) == units


def test_another_unit_length() -> None:
    assert units_for(30, 60, Rounding.EIGHT_MINUTE) == 0
    assert units_for(31, 60, Rounding.EIGHT_MINUTE) == 1


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (time(10, 0), time(10, 50), 50),
        (time(23, 15), time(0, 45), 90),  # an evening group that ran past midnight
        (time(20, 0), time(2, 0), 360),  # the longest a session past midnight is taken to be
        (time(14, 0), time(13, 0), -60),  # a mistyped time, not a 23-hour session
        (time(20, 0), time(2, 1), -1079),
        (time(9, 0), time(9, 0), 0),
    ],
)
def test_a_session_past_midnight_ends_the_next_day(start: time, end: time, minutes: int) -> None:
    assert minutes_between(start, end) == minutes
