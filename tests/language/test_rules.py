"""Rule engine: every category, the context rules, and robustness."""

import random
from pathlib import Path

import pytest

from alongside.language.rule_table import RULES
from alongside.language.rules import analyse, dispatch_keys

ALEX_TERMS = Path(__file__).with_name("data") / "alex_terms.tsv"


def found(text: str, category: str | None = None) -> list[str]:
    return [f.text.lower() for f in analyse(text) if category is None or f.category == category]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("He is an addict.", "addict"),
        ("Those junkies again.", "junkies"),
        ("She is an alcoholic.", "alcoholic"),
        ("A drug abuser.", "abuser"),
        ("His substance abuse got worse.", "substance abuse"),
        ("The crackhead left.", "crackhead"),
        ("She has been clean for a year.", "clean"),
        ("His urine came back dirty.", "dirty"),
        ("A clean test.", "clean test"),
        ("His drug habit.", "drug habit"),
        ("Client is non-compliant.", "non-compliant"),
        ("He is in denial.", "in denial"),
        ("She is manipulative.", "manipulative"),
        ("A frequent flyer at the clinic.", "frequent flyer"),
        ("Her brother committed suicide.", "committed suicide"),
        ("Some tough love is needed.", "tough love"),
        ("He relapsed again.", "relapsed again"),
        ("She fell off the wagon.", "fell off the wagon"),
        ("A drug user.", "drug user"),
        ("Just another druggie.", "druggie"),
        ("He is a former addict.", "former addict"),
        ("A reformed addict.", "reformed addict"),
        ("He is mentally ill.", "mentally ill"),
        ("Services for the mentally ill.", "the mentally ill"),
        ("My uncle is schizophrenic.", "schizophrenic"),
        ("What a schizo.", "schizo"),
        ("You're crazy.", "crazy"),
        ("Some psycho.", "psycho"),
        ("That guy is insane.", "insane"),
        ("A lunatic.", "lunatic"),
        ("He's nuts.", "nuts"),
        ("She suffers from depression.", "suffers from"),
    ],
)
def test_stigmatizing_terms(text: str, term: str) -> None:
    assert term in found(text, "stigmatizing")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("You need to stop.", "you need to"),
        ("You must go.", "you must"),
        ("You should call her.", "you should"),
        ("You have to try.", "you have to"),
        ("I want you to rest.", "i want you to"),
        ("Make sure you eat.", "make sure you"),
        ("You'd better go.", "you'd better"),
        ("You’d better go.", "you’d better"),
        ("If you don't stop drinking, then I will leave.", "if you don't stop drinking, then"),
        ("Go now or else.", "or else"),
        ("This is your last chance.", "this is your last chance"),
        ("What you should do is call.", "what you should do is"),
        ("The best thing for you is rest.", "the best thing for you is"),
        ("My advice is simple.", "my advice is"),
    ],
)
def test_directive_phrases(text: str, term: str) -> None:
    assert term in found(text, "directive")


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("You are lazy.", "lazy"),
        ("He failed again.", "failed again"),
        ("Bad choices.", "bad choices"),
        ("She is unmotivated.", "unmotivated"),
        ("He is not trying.", "not trying"),
        ("He is weak.", "weak"),
        ("Stop making excuses.", "making excuses"),
        ("A hopeless case.", "hopeless case"),
    ],
)
def test_judgmental_labels(text: str, term: str) -> None:
    assert term in found(text, "judgmental")


@pytest.mark.parametrize(
    "text",
    [
        "It's up to you.",
        "It is your choice.",
        "You decide.",
        "Would it be OK if I shared an idea?",
        "May I suggest something?",
        "What would you like to do?",
        "How did that go?",
        "Tell me about your week.",
        "It sounds like you are tired.",
        "You feel let down.",
        "So you're saying it was hard.",
        "You've worked hard.",
        "That took courage.",
    ],
)
def test_autonomy_supportive(text: str) -> None:
    findings = analyse(text)
    assert [f.category for f in findings] == ["autonomy_supportive"]
    assert findings[0].severity == "good"


@pytest.mark.parametrize(
    "text",
    [
        'She said "I am an addict and I feel crazy" last week.',
        "He called it “a junkie’s life” himself.",
        "You don't have to decide now.",
        "You never need to explain.",
        "No need to rush.",
        "I don't think you need to change anything.",
        "You're not lazy.",
        "The kitchen is clean and the clothes are clean.",
        "Leave the dirty dishes.",
        "A user of the app.",
        "Asylum seekers arrive daily.",
        "Her mental health improved.",
        "An alcoholic drink.",
        "We will add one more step.",
    ],
)
def test_context_rules_do_not_flag(text: str) -> None:
    assert not [f for f in analyse(text) if f.category != "autonomy_supportive"]


@pytest.mark.parametrize("line_break", ["\n", "\r\n", " \n", "\n\n", "\r"])
def test_negation_stays_on_its_own_line(line_break: str) -> None:
    """A "not" ending one line does not negate the next line: each line is read on its own."""
    assert found(f"I do not{line_break}You need to stop.", "directive") == ["you need to"]
    assert found(f"I'm not sure{line_break}you are lazy.", "judgmental") == ["lazy"]
    assert found(f"I do not{line_break}think you need to stop.", "directive") == ["you need to"]
    assert not found("I do not think\tyou need to stop.", "directive")  # other spacing is still one line


def test_everyday_crazy_is_a_note_but_about_a_person_a_warning() -> None:
    assert [(f.text, f.severity) for f in analyse("What a crazy week.")] == [("crazy", "note")]
    assert [(f.text, f.severity) for f in analyse("You are so crazy.")] == [("crazy", "warning")]


def test_word_boundaries_and_case() -> None:
    assert found("ADDICTIONS and addiction are fine; ADDICT is not.") == ["addict"]
    assert not found("Addictive games, lazybones.")


def test_open_question_keeps_embedded_stigma_but_not_embedded_directive() -> None:
    findings = analyse("What does an addict need, and what do you think you should do?")
    assert [f.category for f in findings] == ["autonomy_supportive", "stigmatizing"]


def test_finding_fields() -> None:
    (finding,) = analyse("He is an addict.")
    assert (finding.start, finding.end, finding.text) == (9, 15, "addict")
    assert finding.alternatives and finding.explanation.endswith(".") and "NIDA" in finding.source


def test_spans_are_correct_after_non_ascii() -> None:
    text = "İstanbul 😀 ßtraße — Ünal sagt: he's an addict. 你好 junkie"
    for finding in analyse(text):
        assert text[finding.start : finding.end] == finding.text
    assert [f.text for f in analyse(text)] == ["addict", "junkie"]


def test_empty_text() -> None:
    assert analyse("") == []


@pytest.mark.parametrize(
    "unit",
    [
        "You need to stop, addict! What do you think? It sounds like it was hard.\n",
        "If you don't stop, then you'll lose it. ",
        "You never listen, junkie. ",
        '"you need to" ',  # quotations keep pairing up all along the text
        '"addict" addict ',
        "“addict ",  # quotation marks that never close
        "what is it like ",  # a question that never ends
    ],
)
def test_a_long_text_gets_the_same_findings_all_along(unit: str) -> None:
    """Each repeat of a unit gets the unit's own findings, at its own offsets, however long the text grows.

    How the time grows with the length is measured by bench/coach_long_text.py, not here.
    """
    repeats = 1_000
    one = [(f.start, f.end, f.text, f.category) for f in analyse(unit)]
    expected = [
        (start + k * len(unit), end + k * len(unit), text, category)
        for k in range(repeats)
        for start, end, text, category in one
    ]
    assert [(f.start, f.end, f.text, f.category) for f in analyse(unit * repeats)] == expected


def test_quotation_is_at_most_2000_characters_on_one_line() -> None:
    assert found('"' + "x" * 1_993 + ' addict"') == []  # 2,000 characters between the marks
    assert found('"' + "x" * 1_994 + ' addict"') == ["addict"]
    assert found('"addict\nmore"') == ["addict"]
    assert found("„addict“ „addict” «addict» “addict”") == []


def test_garbage_never_crashes() -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(50_000)).decode("latin-1")
    controls = "".join(chr(rng.randrange(32)) for _ in range(5_000))
    mixed = "Он addict, 他是 junkie, هو crazy, 🙂🙃 \u200b\ufeff you need to\x00"
    for text in (garbage, controls, mixed, "\ud800 lone surrogate addict"):
        for finding in analyse(text):
            assert text[finding.start : finding.end] == finding.text


def test_every_rule_has_a_source_explanation_and_valid_category() -> None:
    for rule in RULES:
        assert rule.source and rule.explanation.endswith(".")
        assert rule.category in ("stigmatizing", "directive", "judgmental", "autonomy_supportive")
        assert rule.severity in ("warning", "note", "good")
        for pattern in rule.patterns:
            assert dispatch_keys(pattern)


def test_unkeyable_pattern_is_refused() -> None:
    with pytest.raises(ValueError):
        dispatch_keys("(?:a )?victim")


def _alex_terms() -> list[tuple[str, bool]]:
    rows = [line.rstrip("\n").split("\t") for line in ALEX_TERMS.read_text().splitlines() if line[:1] != "#"]
    return [(row[0], len(row) == 2) for row in rows]


@pytest.mark.parametrize(("term", "flagged"), _alex_terms())
def test_superset_of_alex_addiction_and_mental_health_terms(term: str, flagged: bool) -> None:
    caught = any(f.category == "stigmatizing" for f in analyse(f"They said {term} today."))
    if flagged:
        assert caught, term
