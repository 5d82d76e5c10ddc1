"""Annotator agreement and the open/closed ceiling it sets, on hand-made codings checked by hand."""

import pytest

from alongside.language.agreement import coder_confusions, consensus_ceiling, macro_f1
from alongside.language.annomi import NA, Example, majority


def coded(*codes: str, transcript: int = 1) -> Example:
    """A question coded by annotators 0, 1, 2, ... in turn; gold is their majority, as annomi.load makes it."""
    return Example(
        transcript=transcript,
        text="Question?",
        context="",
        main="question",
        question=majority(list(codes)),
        reflection=NA,
        input=NA,
        question_codes=tuple(enumerate(codes)),
    )


def single(annotator: int, code: str) -> Example:
    return Example(2, "Question?", "", "question", code, NA, NA, ((annotator, code),))


def test_each_annotator_is_compared_with_the_others_majority() -> None:
    examples = [
        coded("open", "open", "open", "closed"),
        coded("closed", "closed", "closed", "closed"),
        coded("open", NA, "open", "open"),
    ]
    confusions = coder_confusions(examples)
    assert confusions[3] == {("open", "closed"): 1, ("closed", "closed"): 1, ("open", "open"): 1}
    assert confusions[0] == {("open", "open"): 2, ("closed", "closed"): 1}
    assert confusions[1] == {("open", "open"): 1, ("closed", "closed"): 1}  # its n/a is left out


def test_a_tie_among_the_others_goes_to_the_alphabetically_first_label() -> None:
    assert coder_confusions([coded("open", "open", "closed")])[0] == {("closed", "open"): 1}


def test_single_coder_questions_are_not_compared() -> None:
    assert coder_confusions([single(0, "open"), single(1, "closed")]) == {}


def test_macro_f1_by_hand() -> None:
    # open: 3 right, 1 predicted open but closed, 2 predicted closed but open -> 6/9; closed: 4 right -> 8/11
    confusion = {("open", "open"): 3, ("open", "closed"): 1, ("closed", "open"): 2, ("closed", "closed"): 4}
    assert macro_f1(confusion) == pytest.approx((6 / 9 + 8 / 11) / 2)
    assert macro_f1({("open", "open"): 5}) == pytest.approx(0.5)  # no closed questions at all scores 0 there


def test_ceiling_is_one_when_every_annotator_agrees_with_the_rest() -> None:
    examples = [coded("open", "open", "open"), coded("closed", "closed", "closed"), single(0, "open")]
    assert consensus_ceiling(examples) == pytest.approx(1.0)


def test_ceiling_counts_single_coder_questions_by_that_coders_confusion() -> None:
    fully = [coded("open", "open", "open", "closed"), coded("closed", "closed", "closed", "closed")]
    # annotator 3 says closed for one consensus-open and one consensus-closed question, so each of its own
    # questions counts half as (open predicted, closed gold) and half as right
    examples = [*fully, single(3, "closed"), single(3, "closed")]
    expected = {("open", "open"): 1, ("closed", "closed"): 1 + 1, ("open", "closed"): 1}
    assert consensus_ceiling(examples) == pytest.approx(macro_f1(expected))


def test_no_ceiling_without_a_comparison_for_every_coder() -> None:
    assert consensus_ceiling([single(0, "open")]) is None
    assert consensus_ceiling([coded("open", "open", "open"), single(7, "open")]) is None
