"""Label a supporter's utterance with its motivational-interviewing behaviour.

Main label: question, reflection, input or other; then a sub-label (question open/closed, reflection
simple/complex, input information/advice/options/negotiation). The model is a set of linear heads over
hashed features, shipped as plain numpy arrays loaded with allow_pickle=False: loading runs no code.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from alongside.language import features

MODEL_PATH = Path(__file__).with_name("model") / "utterance_model.npz"
HEADS = ("main", "question", "reflection", "input")


@dataclass(frozen=True)
class Labels:
    main: str  # question / reflection / input / other
    sub: str | None  # open/closed, simple/complex, information/advice/options/negotiation; None for other
    margin: float  # gap between the two best main scores, capped at 1; small gaps deserve a lighter touch


@dataclass(frozen=True)
class Head:
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, features), or (1, features) for two classes
    intercept: np.ndarray

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        raw = np.asarray(x @ self.coef.T) + self.intercept
        return np.hstack([-raw, raw]) if len(self.classes) == 2 else raw


@dataclass(frozen=True)
class UtteranceModel:
    idfs: tuple[np.ndarray, ...]
    heads: dict[str, Head]

    def predict(self, texts: Sequence[str], contexts: Sequence[str] | None = None) -> list[Labels]:
        """Labels for each utterance; contexts are the client's words just before each one, if known."""
        if not texts:
            return []
        x = features.combine(features.blocks(texts, contexts or [""] * len(texts)), list(self.idfs))
        main = self.heads["main"].scores(x)
        subs = {name: self.heads[name].scores(x).argmax(axis=1) for name in HEADS[1:]}
        ordered = np.sort(main, axis=1)
        margins = np.minimum(ordered[:, -1] - ordered[:, -2], 1.0)
        labels = []
        for i, best in enumerate(main.argmax(axis=1)):
            name = self.heads["main"].classes[best]
            sub = self.heads[name].classes[subs[name][i]] if name in subs else None
            labels.append(Labels(name, sub, round(float(margins[i]), 3)))
        return labels

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {f"idf{i}": idf for i, idf in enumerate(self.idfs)}
        for name, head in self.heads.items():
            arrays[f"{name}_classes"] = np.array(head.classes)
            arrays[f"{name}_coef"] = head.coef.astype(np.float32)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> "UtteranceModel":
        with np.load(path, allow_pickle=False) as data:
            idfs = tuple(data[f"idf{i}"] for i in range(features.TEXT_BLOCKS))
            heads = {
                name: Head(
                    tuple(str(c) for c in data[f"{name}_classes"]),
                    data[f"{name}_coef"],
                    data[f"{name}_intercept"],
                )
                for name in HEADS
            }
        return cls(idfs, heads)


@lru_cache(maxsize=1)
def default_model() -> UtteranceModel:
    """The shipped model, loaded once per process."""
    return UtteranceModel.load(MODEL_PATH)


def label(texts: Sequence[str], contexts: Sequence[str] | None = None) -> list[Labels]:
    """Label utterances with the shipped model."""
    return default_model().predict(texts, contexts)
