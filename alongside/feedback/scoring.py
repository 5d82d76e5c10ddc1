"""Scores, cut-offs, reliable change and the prompt rules, as plain arithmetic that can be checked by hand.

Reliable change follows Jacobson and Truax (1991): SEM = SD·√(1 - r), S_diff = √2·SEM, and a change is
reliable when |after - before| / S_diff > 1.96. Without a known r and SD we say "not enough data" rather
than guess.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

RELIABLE_Z = 1.96


@dataclass(frozen=True)
class Reliability:
    """Test-retest reliability r and the standard deviation SD of the measure, with where they come from."""

    r: float | None = None
    sd: float | None = None
    source: str = ""

    @property
    def known(self) -> bool:
        return self.r is not None and self.sd is not None and 0 <= self.r < 1 and self.sd > 0


class Change(StrEnum):
    IMPROVED = "reliable improvement"
    WORSENED = "reliable worsening"
    NO_RELIABLE_CHANGE = "no reliable change"
    NOT_ENOUGH_DATA = "not enough data"


class PromptRule(StrEnum):
    """Which answers ask the supporter to start a conversation. A definition lists the rules it uses."""

    BELOW_CUTOFF = "below-cutoff"
    LOWER_THAN_PREVIOUS = "lower-than-previous"
    RELIABLE_WORSENING = "reliable-worsening"


def standard_error(sd: float, r: float) -> float:
    """SEM = SD·√(1 - r)."""
    return sd * math.sqrt(1 - r)


def difference_error(sd: float, r: float) -> float:
    """S_diff = √2·SEM: the spread of the difference between two scores that differ only by chance."""
    return math.sqrt(2) * standard_error(sd, r)


def reliable_change_index(before: float, after: float, sd: float, r: float) -> float:
    return (after - before) / difference_error(sd, r)


def smallest_reliable_change(sd: float, r: float) -> float:
    """The change a total must exceed to count as reliable: 1.96·S_diff (≈ 2.77·SEM)."""
    return RELIABLE_Z * difference_error(sd, r)


def reliable_change(
    before: float | None, after: float | None, reliability: Reliability, *, higher_is_better: bool = True
) -> Change:
    if before is None or after is None or not reliability.known:
        return Change.NOT_ENOUGH_DATA
    index = reliable_change_index(before, after, reliability.sd, reliability.r)  # type: ignore[arg-type]
    if abs(index) <= RELIABLE_Z:
        return Change.NO_RELIABLE_CHANGE
    return Change.IMPROVED if (index > 0) == higher_is_better else Change.WORSENED


def total(values: Sequence[int]) -> int:
    return sum(values)


def at_or_above(value: float, cutoff: float | None) -> bool | None:
    """Whether a total reaches the cut-off; None when the measure has none."""
    return None if cutoff is None else value >= cutoff


def triggered_rules(
    rules: Sequence[PromptRule], *, value: int, previous: int | None, cutoff: float | None, change: Change
) -> list[PromptRule]:
    """The rules these answers meet. They only ask for a conversation; they never change anything."""
    met = {
        PromptRule.BELOW_CUTOFF: cutoff is not None and value < cutoff,
        PromptRule.LOWER_THAN_PREVIOUS: previous is not None and value < previous,
        PromptRule.RELIABLE_WORSENING: change == Change.WORSENED,
    }
    return [rule for rule in rules if met[rule]]
