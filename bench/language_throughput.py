"""Benchmark: loading the model, then rules + model on 5,000 short supporter utterances on one core (not a test).

Run: OMP_NUM_THREADS=1 python bench/language_throughput.py
"""

import time

from alongside.language.classifier import MODEL_PATH, UtteranceModel, default_model
from alongside.language.rules import analyse

TEMPLATES = (
    "It sounds like the last {n} days have been really hard.",
    "What would you like to be different by next week?",
    "You need to stop drinking before day {n}.",
    "Would it be OK if I shared something that helped others?",
    "Do you still go to the group on day {n}?",
    "You've worked hard to get here.",
    "He relapsed again after {n} weeks clean.",
    "Hi, good to see you.",
)


def main() -> None:
    started = time.perf_counter()
    UtteranceModel.load(MODEL_PATH)
    print(f"{(time.perf_counter() - started) * 1000:,.0f} ms to load the model (once per process)")
    utterances = [TEMPLATES[i % len(TEMPLATES)].format(n=i) for i in range(5_000)]
    model = default_model()
    started = time.perf_counter()
    for text in utterances:
        analyse(text)
    model.predict(utterances)
    elapsed = time.perf_counter() - started
    print(f"{len(utterances) / elapsed:,.0f} utterances/second (rules + model, {len(utterances):,} utterances)")


if __name__ == "__main__":
    main()
