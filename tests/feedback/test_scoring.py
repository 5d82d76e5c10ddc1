"""The arithmetic, checked against values worked out by hand."""

import math

import pytest

from alongside.feedback.scoring import (
    Change,
    PromptRule,
    Reliability,
    at_or_above,
    clinically_significant,
    cronbach_alpha,
    difference_error,
    reliable_change,
    reliable_change_index,
    sample_variance,
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


# Three people, two items:          item 1  item 2  total
#   A                                  1       1       2
#   B                                  2       3       5
#   C                                  3       2       5
# item 1: mean 2, variance ((1-2)² + 0 + (3-2)²) / (3 - 1) = 1;   item 2: the same, 1
# totals: mean 4, variance ((2-4)² + (5-4)² + (5-4)²) / 2 = 6 / 2 = 3, so SD = √3 = 1.73205
# alpha = k/(k-1)·(1 - Σ item variances / total variance) = 2/1·(1 - 2/3) = 2/3 = 0.66667
# SEM = SD·√(1 - alpha) = √3·√(1/3) = 1;  S_diff = √2·SEM = 1.41421;  1.96·S_diff = 2.77186
HAND = [[1, 1], [2, 3], [3, 2]]
ESTIMATED = Reliability(r=2 / 3, sd=math.sqrt(3), source="hand example")


def test_cronbach_alpha_and_the_sd_of_totals_by_hand() -> None:
    assert cronbach_alpha(HAND) == pytest.approx(2 / 3, abs=1e-9)
    assert sample_variance([sum(row) for row in HAND]) == pytest.approx(3)
    assert standard_error(math.sqrt(3), 2 / 3) == pytest.approx(1.0)
    assert difference_error(math.sqrt(3), 2 / 3) == pytest.approx(1.41421, abs=1e-5)
    assert ESTIMATED.smallest_change == pytest.approx(2.77186, abs=1e-5)


def test_alpha_is_not_worked_out_without_two_people_two_items_or_any_variation() -> None:
    assert cronbach_alpha([[1, 2]]) is None  # one person
    assert cronbach_alpha([[1], [3]]) is None  # one item
    assert cronbach_alpha([[2, 2], [2, 2], [2, 2]]) is None  # totals that do not vary


def test_reliable_change_index_with_the_estimate_by_hand() -> None:
    # 2 → 5: 3 / 1.41421 = 2.12132 > 1.96, reliable;  2 → 4: 2 / 1.41421 = 1.41421, not reliable
    assert reliable_change_index(2, 5, math.sqrt(3), 2 / 3) == pytest.approx(2.12132, abs=1e-5)
    assert reliable_change(2, 5, ESTIMATED) == Change.IMPROVED
    assert reliable_change(2, 4, ESTIMATED) == Change.NO_RELIABLE_CHANGE


@pytest.mark.parametrize(
    ("before", "after", "higher_is_better", "expected"),
    [
        # cut-off 4, smallest reliable change 2.77 (above)
        (2, 5, True, True),  # reliable (+3) and crossed from below 4 to 4 or more: clinically significant
        (4, 7, True, False),  # reliable (+3) but already at the cut-off before: not a crossing
        (3, 4, True, False),  # crossed, but +1 is not reliable
        (5, 2, True, False),  # reliable worsening across the cut-off: not an improvement
        (5, 2, False, True),  # lower is better: 5 is on the bad side (not below 4), 2 below it, -3 reliable
        (None, 5, True, None),  # nothing to compare with
    ],
)
def test_clinically_significant_change_by_hand(
    before: int | None, after: int, higher_is_better: bool, expected: bool | None
) -> None:
    assert clinically_significant(before, after, 4, ESTIMATED, higher_is_better=higher_is_better) is expected


def test_no_cutoff_or_unknown_reliability_says_nothing_about_clinical_significance() -> None:
    assert clinically_significant(2, 5, None, ESTIMATED) is None
    assert clinically_significant(2, 5, 4, Reliability(missing="not enough data yet (3 of 30 answers)")) is None


def test_why_reliability_is_unknown_is_said_in_plain_words() -> None:
    assert Reliability().reason == "the reliability of this check-in is not known"
    assert Reliability(r=0.9, missing="not enough data yet (3 of 30 answers)").reason.startswith("not enough")
    assert KNOWN.reason == "" and Reliability().smallest_change is None
