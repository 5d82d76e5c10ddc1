"""Benchmark: how coach() time grows with the length of one text, for several shapes of text (not a test).

Each shape is timed at 10,000, 100,000 and 200,000 characters with the coach's limit
(limits.MAX_TEXT_CHARS, 20,000) lifted, so the whole text is read: each time is printed as a ratio to the
10,000-character run of the same shape in the same process, and linear time shows as about 10x and 20x
(quadratic time as 100x and 400x). The last column is coach() as the pages call it, limit in place, on
200,000 characters. Times are CPU seconds of this process (time.process_time), so other work on a shared
machine disturbs them less than wall-clock time would.

Run: OMP_NUM_THREADS=1 python bench/coach_long_text.py
"""

import time
from unittest import mock

from alongside.language import limits
from alongside.language.classifier import default_model
from alongside.language.coach import coach

SIZES = (10_000, 100_000, 200_000)
SHAPES = {
    # one long sentence without "?", "." or a line break: the whole text is a single utterance
    'no "?"': "you need to stop, addict, and it sounds like if you don't then ",
    'all "?"': "?",
    "short questions": "What helps? ",  # the most sentences for the model per character
    "words": "It sounds like this week was hard. What would help? You need to stop being an addict. ",
    "one long word": "a",
    "open quotes": "“addict ",
}


def _text(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _seconds(text: str) -> float:
    started = time.process_time()
    coach(text)
    return time.process_time() - started


def _cell(seconds: float, reference: float) -> str:
    return f"{seconds:.3f} s ({seconds / max(reference, 1e-6):.0f}x)".rjust(20)


def main() -> None:
    default_model()  # load once, outside the timings
    print(f"{'shape':<16}" + "".join(f"{size:>20,}" for size in SIZES) + f"{'200,000 with limit':>22}")
    for name, unit in SHAPES.items():
        with mock.patch.object(limits, "MAX_TEXT_CHARS", max(SIZES)):
            reference = min(_seconds(_text(unit, SIZES[0])) for _ in range(3))
            cells = [
                _cell(seconds, reference) for seconds in [reference, *(_seconds(_text(unit, s)) for s in SIZES[1:])]
            ]
        capped = _cell(_seconds(_text(unit, max(SIZES))), reference)
        print(f"{name:<16}" + "".join(cells) + capped.rjust(22), flush=True)


if __name__ == "__main__":
    main()
