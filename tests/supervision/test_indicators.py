"""The monthly indicators, by hand: a fake labeller gives each sentence its label, so the expected figures
are counted on paper, not by the model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from alongside.language.classifier import Labels
from alongside.language.limits import MAX_TEXT_CHARS
from alongside.supervision.indicators import monthly, months_back, sentences_of

LABELS = {
    "How are you?": Labels("question", "open", 1.0),
    "You feel stuck.": Labels("reflection", "simple", 1.0),
    "Part of you wants change.": Labels("reflection", "complex", 1.0),
    "Did you sleep?": Labels("question", "closed", 1.0),
    "It sounds hard.": Labels("reflection", "complex", 1.0),
    "What matters most?": Labels("question", "open", 1.0),
    "What would help?": Labels("question", "open", 1.0),
    "Thanks.": Labels("other", None, 1.0),
}


class FakeLabeller:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> list[Labels]:
        self.calls.append(list(texts))
        return [LABELS[text] for text in texts]


NOTES = [
    (date(2026, 11, 3), "How are you? You feel stuck. Part of you wants change."),
    (date(2026, 10, 20), "What matters most? What would help?"),
    (date(2026, 11, 28), "Did you sleep?\nIt sounds hard."),
]


def test_each_month_counts_the_sentences_of_its_notes_together() -> None:
    label = FakeLabeller()
    november, october = monthly(NOTES, label)

    assert (november.month, november.notes, november.sentences) == (date(2026, 11, 1), 2, 5)
    # November: questions "How are you?" (open) and "Did you sleep?" (closed); reflections "You feel stuck."
    # (simple), "Part of you wants change." and "It sounds hard." (complex).
    n = november.indicators
    assert (n.questions, n.reflections) == (2, 3)
    assert n.reflection_to_question == pytest.approx(1.5)
    assert n.reflection_to_question_level == "fair"  # 1 <= 1.5 < 2
    assert n.open_question_share == pytest.approx(0.5)
    assert n.complex_reflection_share == pytest.approx(2 / 3)
    assert n.complex_reflection_level == "good"  # 0.67 >= 0.5

    # October: two open questions and no reflection.
    o = october.indicators
    assert (october.month, october.notes, october.sentences) == (date(2026, 10, 1), 1, 2)
    assert (o.questions, o.reflections) == (2, 0)
    assert o.reflection_to_question == 0.0
    assert o.reflection_to_question_level == "below fair"
    assert o.open_question_share == 1.0
    assert o.complex_reflection_share is None and o.complex_reflection_level is None


def test_every_sentence_is_labelled_in_one_call() -> None:
    label = FakeLabeller()
    monthly(NOTES, label)
    assert len(label.calls) == 1
    assert len(label.calls[0]) == 7


def test_a_month_without_questions_or_reflections_has_no_ratio() -> None:
    (month,) = monthly([(date(2026, 9, 1), "Thanks.")], FakeLabeller())
    i = month.indicators
    assert (i.questions, i.reflections, i.reflection_to_question, i.open_question_share) == (0, 0, None, None)


def test_no_notes_no_months_and_no_model_call() -> None:
    label = FakeLabeller()
    assert monthly([], label) == []
    assert label.calls == []


def test_a_long_note_is_read_up_to_the_coachs_limit() -> None:
    sentence = "You feel stuck. "
    text = sentence * (MAX_TEXT_CHARS // len(sentence) + 50)
    read = sentences_of(text)
    assert len(read) == MAX_TEXT_CHARS // len(sentence)
    assert sum(len(s) + 1 for s in read) <= MAX_TEXT_CHARS


def test_months_back_cross_the_new_year() -> None:
    assert months_back(date(2026, 2, 14), 4) == [
        date(2026, 2, 1),
        date(2026, 1, 1),
        date(2025, 12, 1),
        date(2025, 11, 1),
    ]
