"""The coach reads English only and says so: Spanish text gets no guessed labels or hints (issue 17)."""

from __future__ import annotations

import pytest

from alongside.language import annomi
from alongside.language.avoided import Avoided
from alongside.language.coach import coach
from alongside.language.detect import is_english

SPANISH = [
    "Tienes que dejar de beber",
    "¿Cómo te fue esta semana?",
    "Parece que la semana fue difícil para ti.",
    "Me gustaría saber qué piensas de tu plan.",
    "Estoy muy cansada, pero quiero seguir con mis metas.",
    "Hablamos de su trabajo y de la casa de su hermana.",
]
ENGLISH = [
    "You have to stop drinking.",
    "It sounds like the week was hard.",
    "She said she felt \u201cmuy bien\u201d after the walk, and we talked about what helped.",
    "We met at Café Luna with María and José.",
    "OK",
    "",
]


@pytest.mark.parametrize("text", SPANISH)
def test_spanish_is_not_english(text: str) -> None:
    assert not is_english(text)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_with_spanish_names_or_a_quoted_phrase_is_english(text: str) -> None:
    assert is_english(text)


def test_the_coach_says_it_reads_english_only_instead_of_guessing() -> None:
    feedback = coach("Tienes que dejar de beber. ¿Por qué no vienes al grupo?")
    assert feedback.english is False
    assert feedback.sentences == [] and feedback.findings == []
    assert feedback.indicators.questions == 0 and feedback.indicators.reflections == 0


def test_the_clients_own_words_to_avoid_are_still_found_in_any_language() -> None:
    feedback = coach("Eres un adicto y tienes que parar.", avoided=Avoided("Ana", ("adicto",)))
    assert feedback.english is False
    assert [finding.text for finding in feedback.findings] == ["adicto"]


def test_english_text_is_read_as_before() -> None:
    feedback = coach("You have to stop drinking.")
    assert feedback.english is True
    assert [s.labels.main for s in feedback.sentences] == ["input"]
    assert feedback.to_reconsider


@pytest.mark.skipif(
    not (annomi.default_data_dir() / annomi.SIMPLE_FILE).is_file(), reason="AnnoMI dev split not at ../shared"
)
def test_no_supporter_utterance_of_annomi_is_taken_for_another_language() -> None:
    """AnnoMI is English throughout: every one of its supporter utterances must still reach the coach."""
    examples = annomi.load(annomi.default_data_dir())
    assert len(examples) > 1000
    assert [e.text for e in examples if not is_english(e.text)] == []
