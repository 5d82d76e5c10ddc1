"""Emergency openings as an admin reviews them: how long each lasted and what was read during it.

What was read comes from the audit log, not from the opening itself: every read through an opening is
logged with its basis (``policy.Basis``: ``{"basis": "break_glass", "break_glass": id}``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from alongside.audit.models import AuditEntry

from .models import BreakGlass

READ_WORDS: dict[str, StrOrPromise] = {
    "read.profile": _("their name and basic details"),
    "read.plan": _("their plan"),
    "read.meetings": _("their meeting notes"),
    "read.checkins": _("their check-ins"),
    "read.shared": _("the overview of what they could read"),
    "download.shared": _("downloaded everything they could read"),
}


@dataclass(frozen=True)
class Read:
    when: object
    what: str


@dataclass(frozen=True)
class Reviewed:
    opening: BreakGlass
    reads: list[Read]

    @property
    def minutes(self) -> int:
        return max(1, round(self.opening.lasted / timedelta(minutes=1)))


def _what(action: str) -> str:
    words = READ_WORDS.get(action)
    return str(words) if words is not None else action.replace(".", " ").replace("_", " ")


def with_reads(openings: Iterable[BreakGlass]) -> list[Reviewed]:
    """Each opening with what was read through it, in one query for all of them."""
    openings = list(openings)
    reads: dict[int, list[Read]] = defaultdict(list)
    if openings:
        entries = AuditEntry.objects.filter(
            organisation_id=openings[0].organisation_id,
            client_id__in={opening.client_id for opening in openings},
            detail__basis="break_glass",
        ).order_by("created_at", "seq")
        for entry in entries.only("created_at", "action", "detail"):
            reads[entry.detail.get("break_glass")].append(Read(entry.created_at, _what(entry.action)))
    return [Reviewed(opening, reads[opening.pk]) for opening in openings]
