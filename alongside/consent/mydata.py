"""Everything Alongside holds about a client, gathered from every app that holds some.

Each app contributes its sections by declaring them in its own ``mydata.py`` (``alongside.plugins``)::

    from alongside.consent.mydata import Section
    from alongside.policy import Area

    MY_DATA = [Section("plans", export_for_client, Area.PLAN, purge_for_client)]

``export_for_client(client, include_private) -> dict`` returns plain JSON-able data (decrypted text, ISO
dates, names rather than ids where a person would need them). ``include_private`` is true only for the
client's own download: items they keep to themselves never reach a consent recipient. ``area`` says which
consent area covers the section, so a consent recipient's download holds only what was shared; sections
without an area go only to the client. ``purge(client)`` deletes the section's rows when a closed account's
retention period ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.plugins import contributions
from alongside.policy import Area

from . import sections

Exporter = Callable[[Membership, bool], dict[str, Any]]
Purger = Callable[[Membership], None]


@dataclass(frozen=True)
class Section:
    name: str
    export: Exporter
    area: Area | None = None
    purge: Purger | None = None


SECTIONS: dict[str, Section] = {}


def register(name: str, export: Exporter, *, area: Area | None = None, purge: Purger | None = None) -> None:
    """Add (or replace, so app reloading is harmless) one app's section."""
    SECTIONS[name] = Section(name, export, area, purge)


def load_sections() -> None:
    """Every app's sections, in INSTALLED_APPS order (run once the apps are ready)."""
    for _, declared in contributions("mydata", "MY_DATA"):
        for section in declared:
            register(section.name, section.export, area=section.area, purge=section.purge)


def export(client: Membership, sections: Iterable[Section], *, include_private: bool) -> dict[str, Any]:
    return {
        "format": "alongside.mydata/1",
        "generated_at": timezone.now().isoformat(),
        "organisation": client.organisation.name,
        "person": client.user.display_name,
        "sections": {section.name: section.export(client, include_private) for section in sections},
    }


def everything_for(client: Membership) -> dict[str, Any]:
    """The client's own download: every section."""
    return export(client, SECTIONS.values(), include_private=True)


def shared_sections(areas: set[Area]) -> list[Section]:
    """The sections a consent recipient may download: only those of the areas they may read, and the
    profile's with any of them (whoever reads an area may read the profile: policy.CONSENTABLE_AREAS)."""
    readable = areas | {Area.PROFILE} if areas else areas
    return [section for section in SECTIONS.values() if section.area in readable]


def purge_everything(client: Membership) -> None:
    for section in SECTIONS.values():
        if section.purge is not None:
            section.purge(client)


# This app's own sections (consent/sections.py): the account, assignments, consents and the access log.
MY_DATA = [
    Section("account", sections.account),
    Section("sharing", sections.consents, purge=sections.purge_consents),
    Section("access_log", sections.access_log),
]
