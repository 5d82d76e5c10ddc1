"""A peer's practice indicators month by month, from the notes they shared: plain functions, no Django.

The language coach's indicators (``alongside.language.indicators``, MITI 4 style) describe a piece of writing.
Here the sentences of all of one month's notes are read together, so a month's figures are those of its
writing as a whole: reflections for each question, the share of open questions, the share of complex
reflections. They are prompts for reflection in supervision, never a score of the peer.

Bounded on purpose: at most ``MONTHS`` months, ``NOTES_PER_MONTH`` notes a month (the latest), and each
note read up to the coach's own limit (``language.limits.reading_end``), so the page costs the same however
much someone writes. The labeller is passed in, so tests give hand-made labels and need no model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from alongside.language.indicators import Indicators, indicators, split_utterances
from alongside.language.limits import reading_end

if TYPE_CHECKING:
    from alongside.language.classifier import Labels

MONTHS = 6
NOTES_PER_MONTH = 30

Labeller = Callable[[Sequence[str]], "Sequence[Labels]"]


@dataclass(frozen=True)
class Month:
    """One month of a peer's writing: its first day, how many notes were read, and their indicators."""

    month: date
    notes: int
    sentences: int
    indicators: Indicators


def month_of(day: date) -> date:
    return day.replace(day=1)


def months_back(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the ``count`` months ending with ``today``'s, newest first."""
    first, months = month_of(today), []
    year, month = first.year, first.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def sentences_of(text: str) -> list[str]:
    """The sentences of one note that the coach would read (up to its limit)."""
    part = text[: reading_end(text)]
    return [part[start:end] for start, end in split_utterances(part)]


def monthly(notes: Iterable[tuple[date, str]], label: Labeller) -> list[Month]:
    """Indicators for each month that has notes, newest first. ``notes`` are (day shared, text); the caller
    bounds them (``NOTES_PER_MONTH`` a month). All sentences are labelled in one call of ``label``."""
    by_month: dict[date, list[str]] = {}
    for day, text in notes:
        by_month.setdefault(month_of(day), []).append(text)
    months = sorted(by_month, reverse=True)
    sentences = {month: [s for text in by_month[month] for s in sentences_of(text)] for month in months}
    every = [s for month in months for s in sentences[month]]
    labels = list(label(every)) if every else []
    result, used = [], 0
    for month in months:
        own = sentences[month]
        result.append(Month(month, len(by_month[month]), len(own), indicators(own, labels[used : used + len(own)])))
        used += len(own)
    return result


def model_labeller(texts: Sequence[str]) -> Sequence[Labels]:
    """The coach's shipped model (imported on first use: it loads numpy and scikit-learn)."""
    from alongside.language import classifier

    return classifier.label(texts)
