"""Which exports exist. Each domain app describes its own in ``alongside/<app>/exports.py`` as ``KINDS``.

A kind says who may export it (a function from ``alongside.policy``), how many rows it will have (for the
progress bar) and yields the rows, for the organisation and the period the person chose (kinds that are
not about a period, such as the people list, ignore it). Every app's ``exports.py`` is found by name
(``alongside.plugins``); see docs/reports.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from alongside.accounts.models import Membership, Organisation
from alongside.plugins import contributions

from .dashboards import Period
from .models import Export

if TYPE_CHECKING:  # a developer tool, not installed in production
    from django_stubs_ext import StrOrPromise


class ExportProblem(Exception):
    """Raised by a kind when it cannot finish; the message is shown to the person as it is."""


@dataclass(frozen=True)
class ExportKind:
    slug: str
    title: StrOrPromise  # marked for translation (gettext_lazy): said in the reader's language
    description: StrOrPromise
    columns: Sequence[str]
    may_export: Callable[[Membership | None], bool]
    count: Callable[[Organisation, Period], int]
    rows: Callable[[Organisation, Period], Iterable[Sequence[object]]]
    # For kinds whose rows may be exported once only (billing lines): called when the export starts, it
    # claims the rows for this export and returns them; ``count`` and ``rows`` are then not used to write it.
    claim: Callable[[Export], Sequence[Sequence[object]]] | None = None


@cache
def export_kinds() -> dict[str, ExportKind]:
    kinds: dict[str, ExportKind] = {}
    for _, declared in contributions("exports", "KINDS"):
        for kind in declared:
            if kind.slug in kinds:
                raise ValueError(f"Two export kinds are called {kind.slug!r}.")
            kinds[kind.slug] = kind
    return kinds


def kinds_for(actor: Membership | None) -> list[ExportKind]:
    """The kinds ``actor`` may start and download."""
    return [kind for kind in export_kinds().values() if kind.may_export(actor)]
