"""Links to one page per item (a person, a supporter's dashboard, a step of a plan) without a ``reverse`` each.

``reverse`` costs tens of microseconds, and a list of fifty people called it fifty times: more than the rest of
the row. Here the URL is reversed once with a marker number for each argument, and each item's ids are put where
the markers stand, which is what ``reverse`` itself does with an ``<int:...>`` argument (its text is ``str(id)``).

``links`` does it for a whole list in a view; ``link`` (and the ``{% link %}`` tag, ``core/templatetags/links.py``)
for one address at a time, keeping the cut pattern between calls. A reversed address depends on nothing but the
pattern, its arguments, the script prefix and the URL configuration, so those last two are in the key.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

MARKER = 987654321  # a number no real id takes on a page's path: it must appear there exactly once


@functools.lru_cache(maxsize=512)
def _cut(viewname: str, arguments: int, prefix: str, urlconf: Any) -> tuple[str, ...]:
    """The path of ``viewname`` in pieces, to be joined with its ``arguments`` ids between them. ``prefix`` and
    ``urlconf`` are the thread's, which ``reverse`` reads itself: they are only the cache's key."""
    markers = [str(MARKER + n) for n in range(arguments)]  # same length, so none is part of another
    rest = reverse(viewname, args=[int(marker) for marker in markers])
    pieces = []
    for marker in markers:
        before, found, rest = rest.partition(marker)
        if not found or marker in rest or marker in before:
            raise ValueError(f"{viewname} does not take {arguments} integer arguments")
        pieces.append(before)
    return (*pieces, rest)


def _pieces(viewname: str, arguments: int) -> tuple[str, ...]:
    return _cut(viewname, arguments, get_script_prefix(), get_urlconf())


def links(viewname: str, ids: Iterable[int]) -> dict[int, str]:
    """``reverse(viewname, args=[id])`` for every id, by id; the view's one argument is an ``<int:...>``."""
    before, after = _pieces(viewname, 1)
    return {pk: f"{before}{pk}{after}" for pk in ids}


def link(viewname: str, *ids: Any) -> str:
    """``reverse(viewname, args=ids)``. Ids that are whole numbers (not negative) are put into the pattern; anything
    else, or a pattern that takes no marker, is left to ``reverse``, with its errors."""
    if all(type(pk) is int and pk >= 0 for pk in ids):
        try:
            pieces = _pieces(viewname, len(ids))
        except (NoReverseMatch, ValueError):
            pass
        else:
            filled = [pieces[0]]
            for pk, after in zip(ids, pieces[1:], strict=True):
                filled += (str(pk), after)
            return "".join(filled)
    return reverse(viewname, args=ids)
