"""The arithmetic, checked against values worked out by hand."""

import math

import pytest

from alongside.feedback.scoring import (
    Change,
    PromptRule,
    Reliability,
    at_or_above,
    difference_error,
    reliable_change,
    reliable_change_index,
    smallest_reliable_change,
    standard_error,
    total,
    triggered_rules,
)

# SD = 10, r = 0.8:  SEM = 10·√0.2 = 4.47214;  S_diff = √2·4.47214 = 6.32456;  1.96·S_diff = 12.39613
KNOWN = Reliability(r=0.8, sd=10.0, source="hand example")


def test_standard_error_and_difference_error_by_hand() -> None:
    assert standard_error(10, 0.8) == pytest.approx(4.47214, abs=1e-5)
    assert difference_error(10, 0.8) == pytest.approx(6.32456, abs=1e-5)
    assert smallest_reliable_change(10, 0.8) == pytest.approx(12.39613, abs=1e-5)
    assert smallest_reliable_change(10, 0.8) == pytest.approx(2.77 * standard_error(10, 0.8), rel=1e-3)


def test_reliable_change_index_by_hand() -> None:
    # 30 → 43: 13 / 6.32456 = 2.05548
    assert reliable_change_index(30, 43, 10, 0.8) == pytest.approx(2.05548, abs=1e-5)
    # SD = 4, r = 0.9: SEM = 4·√0.1 = 1.26491, S_diff = 1.78885; 20 → 16: -4 / 1.78885 = -2.23607
    assert reliable_change_index(20, 16, 4, 0.9) == pytest.approx(-math.sqrt(5), abs=1e-5)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (30, 43, Change.IMPROVED),  # +13 > 12.396
        (30, 42, Change.NO_RELIABLE_CHANGE),  # +12 < 12.396
        (30, 17, Change.WORSENED),  # -13
        (30, 18, Change.NO_RELIABLE_CHANGE),
        (None, 18, Change.NOT_ENOUGH_DATA),  # a first check-in has nothing to compare with
    ],
)
def test_reliable_change_against_the_threshold(before: int | None, after: int, expected: Change) -> None:
    assert reliable_change(before, after, KNOWN) == expected


def test_lower_is_better_measures_turn_the_direction_round() -> None:
    assert reliable_change(30, 17, KNOWN, higher_is_better=False) == Change.IMPROVED


@pytest.mark.parametrize("reliability", [Reliability(), Reliability(r=0.8), Reliability(sd=10), Reliability(1.0, 10)])
def test_unknown_reliability_is_not_enough_data(reliability: Reliability) -> None:
    assert reliable_change(10, 40, reliability) == Change.NOT_ENOUGH_DATA


def test_totals_and_cutoffs() -> None:
    assert total([9, 9, 9, 9]) == 36
    assert at_or_above(47, 47) is True
    assert at_or_above(46, 47) is False
    assert at_or_above(20, None) is None


SESSION = [PromptRule.BELOW_CUTOFF, PromptRule.LOWER_THAN_PREVIOUS]


@pytest.mark.parametrize(
    ("value", "previous", "expected"),
    [
        (35, None, [PromptRule.BELOW_CUTOFF]),  # below 36 of 40
        (36, None, []),  # exactly 90% is not below
        (38, 39, [PromptRule.LOWER_THAN_PREVIOUS]),  # high, but lower than last time
        (38, 38, []),
        (30, 37, [PromptRule.BELOW_CUTOFF, PromptRule.LOWER_THAN_PREVIOUS]),
        (40, 20, []),
    ],
)
def test_session_prompt_rules(value: int, previous: int | None, expected: list[PromptRule]) -> None:
    change = Change.NOT_ENOUGH_DATA
    assert triggered_rules(SESSION, value=value, previous=previous, cutoff=36, change=change) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (Change.WORSENED, [PromptRule.RELIABLE_WORSENING]),
        (Change.NO_RELIABLE_CHANGE, []),
        (Change.IMPROVED, []),
        (Change.NOT_ENOUGH_DATA, []),
    ],
)
def test_wellbeing_prompt_rule(change: Change, expected: list[PromptRule]) -> None:
    rules = [PromptRule.RELIABLE_WORSENING]
    assert triggered_rules(rules, value=10, previous=30, cutoff=None, change=change) == expected
