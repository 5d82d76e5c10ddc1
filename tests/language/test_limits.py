"""The one limit on how much the coach reads: text over it is read up to the limit, and the coach says where."""

import dataclasses

from alongside.language.coach import coach
from alongside.language.limits import MAX_TEXT_CHARS, reading_end
from alongside.language.rules import analyse

UNIT = "You need to stop, addict! What do you think? It sounds like it was hard.\n"


def test_text_up_to_the_limit_is_read_whole() -> None:
    assert reading_end("") == 0
    assert reading_end("x" * MAX_TEXT_CHARS) == MAX_TEXT_CHARS
    assert coach("x" * MAX_TEXT_CHARS).stopped_at is None


def test_the_cut_does_not_split_a_word() -> None:
    text = "x " * (MAX_TEXT_CHARS // 2 - 5) + "the addictions service"
    assert text[MAX_TEXT_CHARS - 6 : MAX_TEXT_CHARS + 4] == "addictions"
    end = reading_end(text)
    assert text[:end].endswith("the") and text[end].isspace()
    assert [f.text for f in coach(text).findings] == []  # not "addict", which a cut after "addict" would flag


def test_one_long_word_is_cut_at_the_limit() -> None:
    assert reading_end("a" * (MAX_TEXT_CHARS + 1)) == MAX_TEXT_CHARS


def test_text_over_the_limit_gets_the_feedback_of_the_part_read() -> None:
    text = UNIT * (3 * MAX_TEXT_CHARS // len(UNIT))
    feedback = coach(text, client_said="I drank again.")
    end = reading_end(text)
    assert feedback.stopped_at == end and MAX_TEXT_CHARS - 100 < end <= MAX_TEXT_CHARS
    assert dataclasses.replace(feedback, stopped_at=None) == coach(text[:end], client_said="I drank again.")
    assert feedback.findings == analyse(text[:end])
    for finding in feedback.findings:
        assert text[finding.start : finding.end] == finding.text
    for sentence in feedback.sentences:
        assert sentence.end <= end and text[sentence.start : sentence.end].strip()
    last_unit = (end // len(UNIT) - 1) * len(UNIT)
    assert [f.start - last_unit for f in feedback.findings if f.start >= last_unit][:4] == [0, 18, 26, 45]
