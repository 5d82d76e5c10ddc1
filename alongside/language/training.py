"""Train the utterance model and measure it by cross-validation grouped by transcript.

Needs the AnnoMI dev split (see annomi.py); the runtime never imports this module.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import RidgeClassifier
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from alongside.language import agreement, features
from alongside.language.annomi import MAIN_LABELS, NA, Example
from alongside.language.classifier import HEADS, Head, UtteranceModel

ALPHA = 3.0
"""Ridge penalty, chosen by grouped 5-fold CV on the dev split among 1, 2, 3, 5 and 8."""
FOLDS = 5
UNRELIABLE_QUESTION_CODER = 3
"""On the 70 questions all ten annotators coded, annotator 3's open/closed labels agree with the other nine's
majority at macro-F1 0.43 (the others: 0.76-0.91), and annotator 3 calls 97% of questions open."""


def _targets(examples: Sequence[Example], head: str) -> np.ndarray:
    return np.array([e.main if head == "main" else getattr(e, head) for e in examples])


def _fit_head(x, y: np.ndarray) -> Head:
    """Class-balanced ridge: the rarer behaviours (input, advice) matter as much as the common ones."""
    model = RidgeClassifier(alpha=ALPHA, class_weight="balanced").fit(x, y)
    return Head(tuple(str(c) for c in model.classes_), np.atleast_2d(model.coef_), np.atleast_1d(model.intercept_))


IGNORED_BLOCKS = {"main": (features.CLAUSE_BLOCK,), "question": (features.CONTEXT_BLOCK,)}
"""Blocks a head does without, chosen by grouped CV on the dev split: the client's words say little about
whether the supporter's question is open, and the question-clause shape does not help the main label."""


def _without(x: sp.csr_matrix, counts: list[sp.csr_matrix], blocks: Sequence[int]) -> sp.csr_matrix:
    """Zero some blocks' columns: ridge then gives them weight 0, so the head ignores them at run time."""
    keep = np.ones(x.shape[1])
    edges = np.cumsum([0] + [c.shape[1] for c in counts])
    for block in blocks:
        keep[edges[block] : edges[block + 1]] = 0
    return x @ sp.diags(keep, format="csr")


def fit(examples: Sequence[Example]) -> UtteranceModel:
    """Deterministic: ridge has a closed-form solution and hashing has no randomness."""
    counts = features.blocks([e.text for e in examples], [e.context for e in examples])
    idfs = features.fit_idf(counts)
    x = features.combine(counts, idfs)
    heads = {}
    for head in HEADS:
        y = _targets(examples, head)
        rows = np.flatnonzero(y != NA)
        heads[head] = _fit_head(_without(x, counts, IGNORED_BLOCKS.get(head, ()))[rows], y[rows])
    return UtteranceModel(tuple(idfs), heads)


@dataclass(frozen=True)
class Report:
    per_class: dict[str, tuple[float, float, float, int]]  # precision, recall, F1, support
    macro_f1: float
    open_closed_f1: float  # macro-F1 over open/closed, on utterances with a gold question sub-label
    open_closed_f1_reliable: float  # the same, leaving out transcripts coded by UNRELIABLE_QUESTION_CODER alone
    open_closed_f1_consensus: float  # the same, on questions all ten annotators coded (gold: their majority)
    open_closed_ceiling: float | None  # what a model that always gave the consensus would score: see agreement.py
    coder_agreement: dict[int, float]  # each annotator's open/closed macro-F1 against the others' majority
    complex_f1: float  # macro-F1 over simple/complex, on gold reflections
    advice_f1: float  # F1 of advice vs other input, on gold input utterances
    utterances_per_second: float
    folds: int
    size: int

    def lines(self) -> list[str]:
        out = [
            f"utterances: {self.size}, folds: {self.folds} (grouped by transcript)",
            "class        precision recall     f1  support",
        ]
        for name, (p, r, f, n) in self.per_class.items():
            out.append(f"{name:<12} {p:9.3f} {r:6.3f} {f:6.3f} {n:8d}")
        out += [
            f"macro-F1 (question/reflection/input/other): {self.macro_f1:.3f}",
            f"open-vs-closed question F1 (macro): {self.open_closed_f1:.3f}",
            f"  without transcripts coded only by annotator {UNRELIABLE_QUESTION_CODER}: "
            f"{self.open_closed_f1_reliable:.3f}",
            f"  on the questions all ten annotators coded (gold: their majority): {self.open_closed_f1_consensus:.3f}",
            "  each annotator against the others' majority there: "
            + ", ".join(f"{a}: {f:.2f}" for a, f in sorted(self.coder_agreement.items())),
            "  ceiling, a model that always gave the consensus: "
            + (f"{self.open_closed_ceiling:.3f}" if self.open_closed_ceiling is not None else "n/a (too few data)"),
            f"simple-vs-complex reflection F1 (macro): {self.complex_f1:.3f}",
            f"advice-vs-other-input F1: {self.advice_f1:.3f}",
            f"model throughput: {self.utterances_per_second:,.0f} utterances/second",
        ]
        return out


def cross_validate(examples: Sequence[Example], folds: int = FOLDS) -> Report:
    """Every utterance is predicted by a model that never saw its transcript."""
    groups = np.array([e.transcript for e in examples])
    predicted: dict[str, np.ndarray] = {head: np.empty(len(examples), dtype=object) for head in HEADS}
    elapsed = 0.0
    for train, test in GroupKFold(n_splits=folds).split(examples, groups=groups):
        model = fit([examples[i] for i in train])
        texts, contexts = [examples[i].text for i in test], [examples[i].context for i in test]
        started = time.perf_counter()
        x = features.combine(features.blocks(texts, contexts), list(model.idfs))
        for head in HEADS:
            scores = model.heads[head].scores(x)
            predicted[head][test] = np.array(model.heads[head].classes)[scores.argmax(axis=1)]
        elapsed += time.perf_counter() - started
    gold = _targets(examples, "main")
    p, r, f, n = precision_recall_fscore_support(gold, predicted["main"], labels=list(MAIN_LABELS), zero_division=0)
    per_class = {c: (float(p[i]), float(r[i]), float(f[i]), int(n[i])) for i, c in enumerate(MAIN_LABELS)}

    def sub_f1(head: str, positive: str | None = None, only: Callable[[Example], bool] = lambda e: True) -> float:
        y = _targets(examples, head)
        rows = np.flatnonzero((y != NA) & np.array([only(e) for e in examples], dtype=bool))
        if not len(rows):
            return float("nan")
        if positive:
            return float(f1_score(y[rows] == positive, predicted[head][rows] == positive))
        return float(f1_score(y[rows], predicted[head][rows], average="macro"))

    return Report(
        per_class=per_class,
        macro_f1=float(np.mean(f)),
        open_closed_f1=sub_f1("question"),
        open_closed_f1_reliable=sub_f1("question", only=lambda e: e.annotators != {UNRELIABLE_QUESTION_CODER}),
        open_closed_f1_consensus=sub_f1("question", only=lambda e: e.fully_coded),
        open_closed_ceiling=agreement.consensus_ceiling(examples),
        coder_agreement={a: agreement.macro_f1(c) for a, c in agreement.coder_confusions(examples).items()},
        complex_f1=sub_f1("reflection"),
        advice_f1=sub_f1("input", "advice"),
        utterances_per_second=len(examples) / elapsed,
        folds=folds,
        size=len(examples),
    )
