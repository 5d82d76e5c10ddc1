"""Practice indicators over a set of supporter utterances, with the MITI 4 thresholds.

These describe a piece of writing, not the person who wrote it: they are prompts for reflection, never a
score of a supporter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the classifier imports numpy and scikit-learn; only its labels' type is needed here
    from alongside.language.classifier import Labels

RQ_FAIR, RQ_GOOD = 1.0, 2.0  # MITI 4 reflection-to-question ratio
COMPLEX_FAIR, COMPLEX_GOOD = 0.4, 0.5  # MITI 4 share of complex reflections

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')\]]*|$)", re.MULTILINE)
_PERMISSION = re.compile(
    r"\b(?:would it be (?:ok|okay|alright|all right)|is it (?:ok|okay|alright|all right) if|may i|"
    r"can i (?:share|offer|suggest|give)|do you mind if|would you like (?:to hear|me to|some|an idea|a suggestion)|"
    r"would you be interested)",
    re.IGNORECASE,
)


def split_utterances(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in a note (ends at . ! ? or a line break), blank ones dropped."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        stripped = match.group()
        start += len(stripped) - len(stripped.lstrip())
        end -= len(stripped) - len(stripped.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def asks_permission(text: str) -> bool:
    return bool(_PERMISSION.search(text))


def _level(value: float | None, fair: float, good: float) -> str | None:
    if value is None:
        return None
    return "good" if value >= good else "fair" if value >= fair else "below fair"


@dataclass(frozen=True)
class Indicators:
    """Practice indicators (MITI 4 style) for one piece of writing; None where the count is zero."""

    questions: int
    reflections: int
    reflection_to_question: float | None
    reflection_to_question_level: str | None
    open_question_share: float | None
    complex_reflection_share: float | None
    complex_reflection_level: str | None
    advice_without_permission: int


def indicators(utterances: Sequence[str], labels: Sequence[Labels]) -> Indicators:
    """Advice counts as given with permission if it or the utterance just before it asks permission."""
    questions = [lab for lab in labels if lab.main == "question"]
    reflections = [lab for lab in labels if lab.main == "reflection"]
    ratio = len(reflections) / len(questions) if questions else None
    open_share = sum(lab.sub == "open" for lab in questions) / len(questions) if questions else None
    complex_share = sum(lab.sub == "complex" for lab in reflections) / len(reflections) if reflections else None
    unasked = sum(
        1
        for i, lab in enumerate(labels)
        if lab.main == "input"
        and lab.sub == "advice"
        and not asks_permission(utterances[i])
        and not (i > 0 and asks_permission(utterances[i - 1]))
    )
    return Indicators(
        questions=len(questions),
        reflections=len(reflections),
        reflection_to_question=ratio,
        reflection_to_question_level=_level(ratio, RQ_FAIR, RQ_GOOD),
        open_question_share=open_share,
        complex_reflection_share=complex_share,
        complex_reflection_level=_level(complex_share, COMPLEX_FAIR, COMPLEX_GOOD),
        advice_without_permission=unasked,
    )
