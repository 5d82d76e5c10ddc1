"""Property tests: whatever a supporter types, the coach answers with findings whose spans point at the text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.language import features, rules
from alongside.language.coach import coach, coach_many
from alongside.language.rules import CATEGORIES, analyse

# Terms and phrases that trigger rules, mixed with arbitrary Unicode (case-changing letters such as "İ" and
# "ß", emoji, control characters, quotes, other scripts) so spans are checked where rules really fire.
TRIGGERS = [
    "addict",
    "You need to",
    "you don't have to",
    "clean",
    "dirty urine",
    "crazy",
    '"',
    "“",
    "What do you think?",
    "it sounds like",
    "not",
    "İ",
    "ß",
    "😀",
    "\x00",
    "\n",
    "’",
]
notes = st.lists(st.one_of(st.sampled_from(TRIGGERS), st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(notes)
def test_findings_point_at_the_text_they_name(text: str) -> None:
    for finding in analyse(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.category in CATEGORIES
        assert finding.severity in ("warning", "note", "good")


@settings(max_examples=100, deadline=None)
@given(notes, st.text(max_size=60))
def test_coach_labels_every_sentence_and_counts_what_it_labelled(text: str, client_said: str) -> None:
    feedback = coach(text, client_said)
    mains = [sentence.labels.main for sentence in feedback.sentences]
    for sentence in feedback.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text) and text[sentence.start : sentence.end].strip()
        assert sentence.text == text[sentence.start : sentence.end]
    assert set(mains) <= {"question", "reflection", "input", "other"}
    counted = feedback.indicators
    assert (counted.questions, counted.reflections) == (mains.count("question"), mains.count("reflection"))
    for share in (counted.open_question_share, counted.complex_reflection_share):
        assert share is None or 0 <= share <= 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(notes, st.text(max_size=30)), max_size=6))
def test_coaching_notes_together_gives_what_coaching_each_alone_gives(pairs: list[tuple[str, str]]) -> None:
    texts, said = [text for text, _ in pairs], [client for _, client in pairs]
    assert coach_many(texts, said) == [coach(text, client) for text, client in pairs]


# The linear scanners must find what these simple (but slow on long text) regular expressions find.
QUESTION_CLAUSE = re.compile(r"[^.?!]*\?")
QUOTATION = re.compile(r'"[^"\n]{0,2000}"|“[^”\n]{0,2000}”|„[^“”\n]{0,2000}[“”]|«[^»\n]{0,2000}»')


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab .?!\n", max_size=40))
def test_question_clauses_are_what_the_simple_pattern_finds(text: str) -> None:
    assert features._QUESTION.findall(text) == QUESTION_CLAUSE.findall(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='a "“”„«»\n', max_size=40))
def test_quotations_are_what_the_simple_pattern_finds(text: str) -> None:
    assert rules._quoted_spans(text) == [match.span() for match in QUOTATION.finditer(text)]
