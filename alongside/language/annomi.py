"""Read the AnnoMI dev split into supporter utterances with their labels.

Only training and evaluation need this; the dataset itself is never shipped (see model/PROVENANCE.md).
"""

import csv
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SIMPLE_FILE = "AnnoMI-simple.dev.csv"
FULL_FILE = "AnnoMI-full.dev.csv"
MAIN_LABELS = ("question", "reflection", "input", "other")
NA = "n/a"


class DataNotFound(FileNotFoundError):
    """The dataset is absent; only training and evaluation need it."""


@dataclass(frozen=True)
class Example:
    transcript: int
    text: str
    context: str  # the client's utterance just before, or ""
    main: str
    question: str  # open / closed / n/a
    reflection: str  # simple / complex / n/a
    input: str  # information / advice / options / negotiation / n/a
    question_codes: tuple[tuple[int, str], ...]  # (annotator, question sub-label) for each annotator who coded it

    @property
    def annotators(self) -> frozenset[int]:
        """One annotator, or all ten in transcripts 7, 27, 55, 56, 66 and 109."""
        return frozenset(annotator for annotator, _ in self.question_codes)

    @property
    def fully_coded(self) -> bool:
        """Coded by several annotators, so its gold label is their consensus rather than one person's."""
        return len(self.question_codes) > 1


def default_data_dir() -> Path:
    """ALONGSIDE_ANNOMI_DIR, else ../shared/datasets/annomi beside the repository."""
    env = os.environ.get("ALONGSIDE_ANNOMI_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "annomi"


def majority(values: list[str]) -> str:
    """Most frequent label; ties go to the alphabetically first so results are reproducible."""
    counts = Counter(values)
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


def load(data_dir: Path) -> list[Example]:
    """Supporter utterances of the dev split, in transcript order.

    The main label comes from the simple file (already the annotators' majority); sub-labels are the
    majority over annotators in the full file.
    """
    simple, full = data_dir / SIMPLE_FILE, data_dir / FULL_FILE
    if not simple.is_file() or not full.is_file():
        raise DataNotFound(f"AnnoMI data not found at {data_dir}; it is only needed for training/evaluation")
    subs: dict[tuple[str, str], dict[str, list[str]]] = {}
    codes: dict[tuple[str, str], dict[int, str]] = {}
    with full.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["transcript_id"], row["utterance_id"])
            entry = subs.setdefault(key, {"question": [], "reflection": [], "input": []})
            entry["question"].append(row["question_subtype"])
            entry["reflection"].append(row["reflection_subtype"])
            entry["input"].append(row["therapist_input_subtype"])
            codes.setdefault(key, {})[int(row["annotator_id"])] = row["question_subtype"]
    examples = []
    previous: dict[str, str] = {}
    with simple.open(newline="", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: (int(r["transcript_id"]), int(r["utterance_id"])))
    for row in rows:
        tid = row["transcript_id"]
        if row["interlocutor"] == "client":
            previous[tid] = row["utterance_text"]
            continue
        key = (tid, row["utterance_id"])
        sub = {name: majority(values) for name, values in subs[key].items()}
        main = row["main_therapist_behaviour"]
        examples.append(
            Example(
                transcript=int(tid),
                text=row["utterance_text"],
                context=previous.pop(tid, ""),
                main="input" if main == "therapist_input" else main,
                question=sub["question"],
                reflection=sub["reflection"],
                input=sub["input"],
                question_codes=tuple(sorted(codes[key].items())),
            )
        )
    return examples
