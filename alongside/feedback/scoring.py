"""Scores, cut-offs, reliable change and the prompt rules, as plain arithmetic that can be checked by hand.

Reliable change follows Jacobson and Truax (1991): SEM = SD·√(1 - r), S_diff = √2·SEM, and a change is
reliable when |after - before| / S_diff > 1.96. A change is clinically significant when it is reliable and
the total also crossed the cut-off to its good side. Where r and SD come from (published, or estimated from
an organisation's own answers) is ``reliability.py``'s business; without them we say "not enough data"
rather than guess.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RELIABLE_Z = 1.96


@dataclass(frozen=True)
class Reliability:
    """The reliability coefficient r (test-retest, or internal consistency alpha) and the standard deviation SD
    of the measure's totals, with where they come from; ``missing`` says in plain words why they are not
    usable yet (for example "not enough data yet (12 of 30 answers)")."""

    r: float | None = None
    sd: float | None = None
    source: str = ""
    missing: str = ""

    @property
    def known(self) -> bool:
        return self.r is not None and self.sd is not None and 0 <= self.r < 1 and self.sd > 0

    @property
    def reason(self) -> str:
        """Why reliable change cannot be worked out; empty when it can."""
        if self.known:
            return ""
        return self.missing or _("the reliability of this check-in is not known")

    @property
    def smallest_change(self) -> float | None:
        """How far a total must move to count as a reliable change; None when unknown."""
        return smallest_reliable_change(self.sd, self.r) if self.known else None  # type: ignore[arg-type]


class Change(StrEnum):
    IMPROVED = "reliable improvement"
    WORSENED = "reliable worsening"
    NO_RELIABLE_CHANGE = "no reliable change"
    NOT_ENOUGH_DATA = "not enough data"

    @property
    def label(self) -> str:
        """The change in words, in the language of the page (the value itself is a code)."""
        return str(CHANGE_LABELS[self])


CHANGE_LABELS = {
    Change.IMPROVED: gettext_lazy("reliable improvement"),
    Change.WORSENED: gettext_lazy("reliable worsening"),
    Change.NO_RELIABLE_CHANGE: gettext_lazy("no reliable change"),
    Change.NOT_ENOUGH_DATA: gettext_lazy("not enough data"),
}


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


def on_good_side(value: float, cutoff: float, *, higher_is_better: bool = True) -> bool:
    """At or above the cut-off when higher is better, below it when lower is better."""
    return value >= cutoff if higher_is_better else value < cutoff


def clinically_significant(
    before: float | None,
    after: float | None,
    cutoff: float | None,
    reliability: Reliability,
    *,
    higher_is_better: bool = True,
) -> bool | None:
    """Jacobson and Truax's criterion against a cut-off: a reliable improvement that also crossed the cut-off
    from its bad side to its good side. None when it cannot be said (no cut-off, or not enough data)."""
    change = reliable_change(before, after, reliability, higher_is_better=higher_is_better)
    if cutoff is None or before is None or after is None or change == Change.NOT_ENOUGH_DATA:
        return None
    was_good = on_good_side(before, cutoff, higher_is_better=higher_is_better)
    is_good = on_good_side(after, cutoff, higher_is_better=higher_is_better)
    return change == Change.IMPROVED and not was_good and is_good


def sample_variance(values: Sequence[float]) -> float:
    """Σ(x - mean)² / (n - 1), the unbiased estimate from a sample (n ≥ 2)."""
    mean = sum(values) / len(values)
    return sum((value - mean) ** 2 for value in values) / (len(values) - 1)


def cronbach_alpha(rows: Sequence[Sequence[float]]) -> float | None:
    """alpha = k/(k - 1)·(1 - Σ item variances / variance of the totals), one row of k item answers per person.

    None when it cannot be worked out: fewer than two people or two items, or totals that do not vary.
    """
    if len(rows) < 2 or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    total_variance = sample_variance([sum(row) for row in rows])
    if total_variance == 0:
        return None
    item_variances = sum(sample_variance([row[item] for row in rows]) for item in range(k))
    return k / (k - 1) * (1 - item_variances / total_variance)


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
