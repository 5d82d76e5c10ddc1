"""Billing units and the checks before signing, as plain functions."""

import pytest

from alongside.billing.models import Rounding
from alongside.billing.rules import units_for


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
