"""One call for the pages: wording findings, a behaviour label per sentence, and practice indicators."""

from dataclasses import dataclass

from alongside.language.classifier import Labels, label
from alongside.language.indicators import Indicators, indicators, split_utterances
from alongside.language.rules import Finding, analyse


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    labels: Labels


@dataclass(frozen=True)
class Feedback:
    findings: list[Finding]
    sentences: list[Sentence]
    indicators: Indicators

    @property
    def went_well(self) -> list[Finding]:
        return [f for f in self.findings if f.category == "autonomy_supportive"]

    @property
    def to_reconsider(self) -> list[Finding]:
        return [f for f in self.findings if f.category != "autonomy_supportive"]


def coach(text: str, client_said: str = "") -> Feedback:
    """Advice on a note or suggestion; client_said (their last words, if known) helps label the first sentence.

    Raises rules.TextTooLong for text over MAX_TEXT_CHARS.
    """
    findings = analyse(text)
    spans = split_utterances(text)
    sentences = [text[start:end] for start, end in spans]
    contexts = [client_said] + [""] * (len(sentences) - 1) if sentences else []
    labels = label(sentences, contexts)
    return Feedback(
        findings=findings,
        sentences=[Sentence(start, end, lab) for (start, end), lab in zip(spans, labels, strict=True)],
        indicators=indicators(sentences, labels),
    )
