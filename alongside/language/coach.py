"""One call for the pages: wording findings, a behaviour label per sentence, and practice indicators.

The classifier (numpy, SciPy and scikit-learn: seconds to import on a busy machine) is imported by the first
call, not by this module: every ``alongside`` command loads the URLs, and so the views that use the coach, for
Django's system checks, and none of them but the pages needs the model.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alongside.language import avoided as avoided_words
from alongside.language.avoided import Avoided
from alongside.language.detect import is_english
from alongside.language.indicators import Indicators, indicators, split_utterances
from alongside.language.limits import reading_end
from alongside.language.rules import Finding, analyse

if TYPE_CHECKING:
    from alongside.language.classifier import Labels


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    labels: Labels


@dataclass(frozen=True)
class Feedback:
    findings: list[Finding]
    sentences: list[Sentence]
    indicators: Indicators
    stopped_at: int | None = None  # where the coach stopped reading a text over limits.MAX_TEXT_CHARS
    english: bool = True  # False: the text reads as another language, so only the client's own words are looked for

    @property
    def went_well(self) -> list[Finding]:
        return [f for f in self.findings if f.category == "autonomy_supportive"]

    @property
    def to_reconsider(self) -> list[Finding]:
        return [f for f in self.findings if f.category != "autonomy_supportive"]


@dataclass(frozen=True)
class _Reading:
    """The part of one text the coach reads, split into sentences, each with the client words before it."""

    part: str
    stopped_at: int | None
    spans: list[tuple[int, int]]
    sentences: list[str]
    client_said: str
    english: bool

    @classmethod
    def of(cls, text: str, client_said: str) -> _Reading:
        """The English rules and model read only English text; for any other there is nothing for them to read."""
        end = reading_end(text)
        part = text[:end]
        english = is_english(part)
        spans = split_utterances(part) if english else []
        sentences = [part[start:stop] for start, stop in spans]
        return cls(part, end if end < len(text) else None, spans, sentences, client_said, english)

    @property
    def contexts(self) -> list[str]:
        return [self.client_said] + [""] * (len(self.spans) - 1) if self.spans else []

    def feedback(self, labels: Sequence[Labels], avoided: Avoided | None = None) -> Feedback:
        rules = analyse(self.part) if self.english else []
        findings = avoided_words.in_order(rules + avoided_words.find(self.part, avoided))
        labels = _orders_as_advice(self.spans, labels, findings)
        return Feedback(
            findings=findings,
            sentences=[
                Sentence(start, end, text, lab)
                for (start, end), text, lab in zip(self.spans, self.sentences, labels, strict=True)
            ],
            indicators=indicators(self.sentences, labels),
            stopped_at=self.stopped_at,
            english=self.english,
        )


def _orders_as_advice(
    spans: Sequence[tuple[int, int]], labels: Sequence[Labels], findings: Sequence[Finding]
) -> list[Labels]:
    """A sentence the rules find directive ("you need to", an ultimatum) is advice, whatever the model says.

    The model learnt from spoken turns and reads a short written order ("You have to stop drinking.") as a
    simple reflection; the directive rules are precise, so where they fire they decide the label.
    """
    from alongside.language.classifier import Labels  # loaded already: the labels come from it

    advice = Labels("input", "advice", 1.0)
    orders = [f.start for f in findings if f.category == "directive"]  # in text order

    def has_order(start: int, end: int) -> bool:
        first = bisect_left(orders, start)
        return first < len(orders) and orders[first] < end

    return [advice if has_order(*span) else lab for span, lab in zip(spans, labels, strict=True)]


def coach(text: str, client_said: str = "", avoided: Avoided | None = None) -> Feedback:
    """Advice on a note or suggestion; client_said (their last words, if known) helps label the first sentence;
    ``avoided``: the words the client this is written to or about asked not to hear (language/avoided.py).

    Text over limits.MAX_TEXT_CHARS is read up to the limit; Feedback.stopped_at says where. Text that reads as
    another language (``detect.is_english``) gets no wording hints or labels, only the client's own words to
    avoid, and ``Feedback.english`` is False so the page can say why.
    """
    return coach_many([text], [client_said], avoided)[0]


def coach_many(
    texts: Sequence[str], clients_said: Sequence[str] | None = None, avoided: Avoided | None = None
) -> list[Feedback]:
    """coach() for each text, labelling the sentences of all of them in one model call: a page that
    coaches twenty notes pays the model's fixed cost (about 27 ms) once, not twenty times."""
    from alongside.language import classifier

    readings = [_Reading.of(text, said) for text, said in zip(texts, clients_said or [""] * len(texts), strict=True)]
    labels = classifier.label([s for r in readings for s in r.sentences], [c for r in readings for c in r.contexts])
    feedback, used = [], 0
    for reading in readings:
        own = labels[used : used + len(reading.sentences)]
        used += len(reading.sentences)
        feedback.append(reading.feedback(own, avoided))
    return feedback
