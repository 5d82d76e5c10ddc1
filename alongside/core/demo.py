"""Synthetic demo data. Each domain app contributes a ``populate(ctx)`` step, run in the order below; it returns
what it made in a few words with a count ("people (35)"), for the progress lines of ``alongside demo``.

Names and stories are invented; no real person's data is used.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from alongside.accounts.models import Membership, Organisation
from alongside.reports.tallies import counted_later

DEMO_SLUG = "riverside"
DEMO_PASSWORD = "walk-alongside-demo"
DEMO_STEPS = [
    "alongside.accounts.demo",
    "alongside.plans.demo",
    "alongside.meetings.demo",
    "alongside.feedback.demo",
    "alongside.consent.demo",
    "alongside.reports.demo",
]


@dataclass
class DemoContext:
    """What earlier steps created, for later steps to build on."""

    rng: random.Random
    organisation: Organisation | None = None
    admin: Membership | None = None
    supervisor: Membership | None = None
    supporters: list[Membership] = field(default_factory=list)
    clients: list[Membership] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (role description, email)


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def build_demo(seed: int = 7, progress: Callable[[str], None] = lambda line: None) -> DemoContext:
    """Run every step, telling ``progress`` what each made and how long it took.

    The actions the steps call leave the dashboard's tallies to the reports step, which counts them once at
    the end (counted_later): keeping them exact action by action took a third of the demo's time."""
    ctx = DemoContext(rng=random.Random(seed))
    with counted_later():
        for module in DEMO_STEPS:
            started = time.monotonic()
            made = importlib.import_module(module).populate(ctx)
            progress(f"  {made:<48}{time.monotonic() - started:4.0f} s")
    return ctx


def demo_logins() -> list[tuple[str, str]]:
    """The sign-in of one person per role in the demo organisation, for printing."""
    members = Membership.objects.filter(organisation__slug=DEMO_SLUG).select_related("user").order_by("pk")
    seen: dict[str, tuple[str, str]] = {}
    for member in members:
        seen.setdefault(member.role, (member.get_role_display(), member.user.email))
    return list(seen.values())
