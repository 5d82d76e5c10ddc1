"""How far the AnnoMI annotators agree on open vs closed questions, and the ceiling that sets for any model.

`evaluate` scores the question head against one annotator's labels in 95 of the 101 dev transcripts. A
model that always gave the annotators' consensus would still lose wherever that one annotator departs from
it, so its expected score is below 1.0. The questions that all ten annotators coded show how often each one
departs; this module turns that into the expected score. Training and evaluation only.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from sklearn.metrics import f1_score

from alongside.language.annomi import NA, Example, majority

QUESTION_LABELS = ("open", "closed")
Confusion = Counter[tuple[str, str]]  # (consensus label, the annotator's label) -> how many


def _fully_coded(examples: Sequence[Example]) -> list[Example]:
    """Questions coded by more than one annotator (all ten, in AnnoMI) that have a gold sub-label."""
    return [e for e in examples if e.fully_coded and e.question != NA]


def coder_confusions(examples: Sequence[Example]) -> dict[int, Confusion]:
    """Each annotator's labels against the majority of the other annotators, on the fully coded questions."""
    confusions: dict[int, Confusion] = {}
    for example in _fully_coded(examples):
        for annotator, own in example.question_codes:
            others = [label for other, label in example.question_codes if other != annotator and label != NA]
            if own != NA and others:
                confusions.setdefault(annotator, Counter())[(majority(others), own)] += 1
    return confusions


def macro_f1(confusion: Mapping[tuple[str, str], float]) -> float:
    """Macro-F1 over open/closed, reading the first label of each pair as the prediction; counts may be
    fractional (expected counts), so they go to scikit-learn as sample weights."""
    pairs = list(confusion)
    predicted, gold = [p for p, _ in pairs], [g for _, g in pairs]
    weights = [confusion[pair] for pair in pairs]
    return float(
        f1_score(gold, predicted, labels=list(QUESTION_LABELS), average="macro", sample_weight=weights, zero_division=0)
    )


def consensus_ceiling(examples: Sequence[Example]) -> float | None:
    """Expected open/closed F1 of a model that always gave the consensus label, scored as `evaluate` does.

    Fully coded questions count as right (their gold is the consensus). Each question coded by one annotator
    counts as that annotator's confusion row predicts. None when no annotator can be compared.
    """
    confusions = coder_confusions(examples)
    if not confusions:
        return None
    expected: defaultdict[tuple[str, str], float] = defaultdict(float)
    for example in examples:
        if example.question == NA:
            continue
        if example.fully_coded:
            expected[(example.question, example.question)] += 1
            continue
        row = confusions.get(example.question_codes[0][0])
        if row is None:
            return None
        total = sum(row.values())
        for pair, count in row.items():
            expected[pair] += count / total
    return macro_f1(expected)
