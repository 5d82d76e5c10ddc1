"""Benchmark: how coach() time grows with the length of one text, for several shapes of text (not a test).

Each shape is timed at 10,000, 100,000 and 200,000 characters, and each time is printed as a ratio to the
10,000-character run of the same shape in the same process: linear time shows as about 10x and 20x,
quadratic time as about 100x and 400x. Times are CPU seconds of this process (time.process_time), so other
work on a shared machine disturbs them less than wall-clock time.

Run: OMP_NUM_THREADS=1 python bench/coach_long_text.py
"""

import time

from alongside.language.classifier import default_model
from alongside.language.coach import coach

SIZES = (10_000, 100_000, 200_000)
SHAPES = {
    # one long sentence without "?", "." or a line break: the whole text is a single utterance
    'no "?"': "you need to stop, addict, and it sounds like if you don't then ",
    'all "?"': "?",
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


def main() -> None:
    default_model()  # load once, outside the timings
    print(f"{'shape':<14}" + "".join(f"{size:>20,}" for size in SIZES))
    for name, unit in SHAPES.items():
        reference = min(_seconds(_text(unit, SIZES[0])) for _ in range(3))
        cells = [f"{reference:>11.3f} s (1x)".rjust(20)]
        for size in SIZES[1:]:
            seconds = _seconds(_text(unit, size))
            cells.append(f"{seconds:>8.3f} s ({seconds / max(reference, 1e-6):.0f}x)".rjust(20))
        print(f"{name:<14}" + "".join(cells), flush=True)


if __name__ == "__main__":
    main()
