"""Synthetic demo data. Each domain app's ``demo.py`` (found by name, ``alongside.plugins``) contributes a
``populate(ctx)`` step and names in ``AFTER`` the apps whose steps must come first; ``demo_steps`` orders
them so, ties in INSTALLED_APPS order. The order is part of the data: every step draws from one random
generator, so the same seed gives the same demo only in the same order (tests/test_configuration.py).
Each step returns what it made in a few words with a count ("people (35)"), for the progress lines of
``alongside demo``.

Names and stories are invented; no real person's data is used.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from alongside.accounts.models import Membership, Organisation
from alongside.plugins import contributions
from alongside.reports.tallies import counted_later

DEMO_SLUG = "riverside"
DEMO_PASSWORD = "walk-alongside-demo"


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


def demo_steps() -> list[tuple[str, Callable[[DemoContext], str]]]:
    """Every app's step, each after the apps its ``AFTER`` names; otherwise in INSTALLED_APPS order."""
    populate = dict(contributions("demo", "populate"))
    waiting = {app: set(after) for app, after in contributions("demo", "AFTER")}
    unknown = {app: after - populate.keys() for app, after in waiting.items() if after - populate.keys()}
    if unknown or waiting.keys() != populate.keys():
        raise ValueError(f"Each demo.py needs populate and AFTER naming apps with a demo step: {unknown or waiting}")
    ordered: list[str] = []
    while waiting:
        ready = [app for app, after in waiting.items() if after <= set(ordered)]
        if not ready:
            raise ValueError(f"The demo steps wait for each other: {sorted(waiting)}")
        ordered.append(ready[0])
        del waiting[ready[0]]
    return [(app, populate[app]) for app in ordered]


@transaction.atomic
def build_demo(seed: int = 7, progress: Callable[[str], None] = lambda line: None) -> DemoContext:
    """Run every step, telling ``progress`` what each made and how long it took.

    The actions the steps call leave the dashboard's tallies to the reports step, which counts them once at
    the end (counted_later): keeping them exact action by action took a third of the demo's time."""
    ctx = DemoContext(rng=random.Random(seed))
    with counted_later():
        for _, populate in demo_steps():
            started = time.monotonic()
            made = populate(ctx)
            progress(f"  {made:<52}{time.monotonic() - started:4.0f} s")
    return ctx


def demo_logins() -> list[tuple[str, str]]:
    """The sign-in of one person per role in the demo organisation, for printing."""
    members = Membership.objects.filter(organisation__slug=DEMO_SLUG).select_related("user").order_by("pk")
    seen: dict[str, tuple[str, str]] = {}
    for member in members:
        seen.setdefault(member.role, (member.get_role_display(), member.user.email))
    return list(seen.values())
