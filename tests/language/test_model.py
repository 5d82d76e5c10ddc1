"""Classifier, indicators, coach() and scenarios."""

import numpy as np
import pytest

from alongside.language import classifier
from alongside.language.classifier import Labels, UtteranceModel, label
from alongside.language.coach import coach, coach_many
from alongside.language.indicators import indicators, split_utterances
from alongside.language.limits import MAX_TEXT_CHARS
from alongside.language.scenarios import SCENARIOS

ADVICE = Labels("input", "advice", 1.0)  # what the coach labels a sentence the directive rules find


def test_model_file_holds_plain_arrays_only() -> None:
    """Loading runs no code (how long it takes is printed by bench/language_throughput.py)."""
    with np.load(classifier.MODEL_PATH, allow_pickle=False) as data:
        assert data.files and all(data[name].dtype != object for name in data.files)
    assert UtteranceModel.load(classifier.MODEL_PATH).heads.keys() == set(classifier.HEADS)


@pytest.mark.parametrize(
    ("text", "main", "sub"),
    [
        ("What brings you here today?", "question", "open"),
        ("How do you feel about your drinking?", "question", "open"),
        ("Do you smoke every day?", "question", "closed"),
        ("It sounds like you're really worried about your health.", "reflection", None),
        ("Hi, nice to meet you.", "other", None),
    ],
)
def test_obvious_examples(text: str, main: str, sub: str | None) -> None:
    (labels,) = classifier.label([text])
    assert labels.main == main
    if sub:
        assert labels.sub == sub


def test_label_empty_and_odd_input() -> None:
    assert classifier.label([]) == []
    assert len(classifier.label(["", "😀😀", "\x00\x01", "你好吗?"])) == 4


def _lab(main: str, sub: str | None) -> Labels:
    return Labels(main, sub, 1.0)


def test_indicators_by_hand() -> None:
    utterances = ["q1", "q2", "r1", "r2", "r3", "r4", "May I share an idea?", "advice 1", "advice 2"]
    labels = [
        _lab("question", "open"),
        _lab("question", "closed"),
        _lab("reflection", "complex"),
        _lab("reflection", "simple"),
        _lab("reflection", "simple"),
        _lab("reflection", "complex"),
        _lab("question", "closed"),
        _lab("input", "advice"),  # preceded by permission: fine
        _lab("input", "advice"),  # not
    ]
    result = indicators(utterances, labels)
    assert (result.questions, result.reflections) == (3, 4)
    assert result.reflection_to_question == pytest.approx(4 / 3)
    assert result.reflection_to_question_level == "fair"
    assert result.open_question_share == pytest.approx(1 / 3)
    assert result.complex_reflection_share == pytest.approx(0.5)
    assert result.complex_reflection_level == "good"
    assert result.advice_without_permission == 1


def test_indicators_without_questions_or_reflections() -> None:
    result = indicators(["Hello."], [_lab("other", None)])
    assert result.reflection_to_question is None and result.reflection_to_question_level is None
    assert result.complex_reflection_share is None and result.advice_without_permission == 0


def test_indicator_levels() -> None:
    two_to_one = [_lab("reflection", "simple")] * 2 + [_lab("question", "open")]
    assert indicators(["x"] * 3, two_to_one).reflection_to_question_level == "good"
    low = indicators(["x", "y"], [_lab("question", "open"), _lab("question", "open")])
    assert low.reflection_to_question_level == "below fair"


def test_split_utterances() -> None:
    text = "  Hello there. How are you?\nFine!  And then  "
    assert [text[s:e] for s, e in split_utterances(text)] == [
        "Hello there.",
        "How are you?",
        "Fine!",
        "And then",
    ]
    assert split_utterances("") == []


def test_coach_combines_everything() -> None:
    text = "It sounds like this week was hard. What would help? You need to stop being an addict."
    feedback = coach(text, client_said="I drank again and I hate myself.")
    assert [f.category for f in feedback.to_reconsider] == ["directive", "stigmatizing"]
    assert feedback.went_well
    assert len(feedback.sentences) == 3 and feedback.sentences[1].labels.main == "question"
    assert feedback.indicators.questions >= 1


def test_an_order_reads_as_advice_whatever_the_model_says() -> None:
    """The model reads short written orders as simple reflections; the directive rules decide those."""
    text = "You have to stop drinking. It sounds like this week was hard.\nI do not\nyou must go."
    feedback = coach(text)
    sentences = [s.text for s in feedback.sentences]
    assert sentences == ["You have to stop drinking.", "It sounds like this week was hard.", "I do not", "you must go."]
    model = label(sentences, ["", "", "", ""])
    assert [s.labels for s in feedback.sentences] == [ADVICE, model[1], model[2], ADVICE]
    assert model[0] != ADVICE  # what the model alone says, which is why the rules decide
    assert feedback.indicators.advice_without_permission == 2
    asked = coach("Would it be OK if I shared an idea? You should call them.")
    assert asked.sentences[1].labels.sub == "advice" and asked.indicators.advice_without_permission == 0


def test_coach_empty_and_over_the_limit() -> None:
    assert coach("").findings == [] and coach("").sentences == [] and coach("").stopped_at is None
    assert coach("x" * 300_000).stopped_at == MAX_TEXT_CHARS


def test_coaching_many_texts_at_once_gives_what_one_at_a_time_gives() -> None:
    texts = [
        "It sounds like this week was hard. What would help? You need to stop being an addict.",
        "",
        "   \n ",
        "Do you still go to the group? I wonder if you'd like to try again.",
        "You must go. " * 2_000,  # over the limit
        "Would it be OK if I shared an idea? You could call them.",
    ]
    said = ["I drank again.", "", "Hello.", "I stopped going.", "", "I don't know what to do."]
    assert coach_many(texts, said) == [coach(text, client) for text, client in zip(texts, said, strict=True)]
    assert coach_many(texts) == [coach(text) for text in texts]
    assert coach_many([]) == []


def test_scenarios_are_complete() -> None:
    assert len(SCENARIOS) >= 12
    assert len({s.slug for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert scenario.client and len(scenario.hints) >= 2
