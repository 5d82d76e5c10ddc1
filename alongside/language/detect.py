"""Is this text English? The coach's rules and model know English only, so on other text they would guess.

"Tienes que dejar de beber" ("you have to stop drinking") was labelled a reflection and drew no directive
hint. Rather than guess, the coach says plainly that it reads English only. Spanish is what people write here
besides English, so Spanish is what this recognises: by its most common words, which carry most of any text,
and by letters and marks English does not use (ñ, ¿, ¡, accented vowels). Short or mixed text, a name, or a
word borrowed from Spanish counts as English: the coach then reads it as before. No model and no dependency:
a few set lookups per word, linear in the text's length.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(listed: str) -> frozenset[str]:
    return frozenset(listed.split())


# Frequent words of each language that are not also common words of the other ("no", "me", "a", "he" are both;
# "son" and "sin" are English words too).
ENGLISH = _words(
    """the and to of you i it that is was for on are with they be at this have from or had by but what
    we can your my not when there an will would all if do about how their been which were so she him her
    just could into than them then these some did does going want think know feel really because"""
)
SPANISH = _words(
    """que de la el en los las del por para con una uno un es está están estoy estás eres soy muy pero
    como cómo qué cuando cuándo donde dónde porque más su sus mi mis tu tus yo usted ustedes nosotros
    ella ellos le les lo se al también hay tiene tienes tengo puedes puedo quiero quieres hacer hace
    esto eso esta este ese esa fue ser estar bien mejor siempre nunca ahora hoy mañana aquí vez cada"""
)
SPANISH_MARKS = frozenset("ñ¿¡áéíóúü")


def is_english(text: str) -> bool:
    """False only when the text reads as Spanish: more of its words are common Spanish words than common
    English ones (at least two of them), or Spanish marks with no common English word beside them."""
    english = spanish = 0
    for match in WORD.finditer(text.lower()):
        word = match.group()
        english += word in ENGLISH
        spanish += word in SPANISH
    if spanish >= 2 and spanish > english:
        return False
    return not (english == 0 and any(mark in SPANISH_MARKS for mark in text.lower()))
