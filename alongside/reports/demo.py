"""The last demo step: count the dashboard tallies, since earlier steps write many records directly."""

from __future__ import annotations

from alongside.core.demo import DemoContext

from .tallies import rebuild

AFTER: tuple[str, ...] = (
    "alongside.plans",
    "alongside.meetings",
    "alongside.groups",
    "alongside.feedback",
    "alongside.consent",
)  # counts them all


def populate(ctx: DemoContext) -> str:
    assert ctx.organisation is not None  # noqa: S101 - the accounts step runs first
    return f"dashboard figures ({rebuild(ctx.organisation)} day tallies)"
