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

``readable`` (optional) puts the section on the printable page "A readable copy of my record"
(``/me/data/readable/``): a ``Readable(title, template, context, order)``. The page includes ``template`` with
what ``context(client)`` returns (by default ``{"data": export(client, True)}``: the client's own download, in
the same words), under the heading ``title``; sections come in ``order``. Templates load ``readable`` for
dates written out (``|written_date``, ``|written_time``) and codes in words (``|word_for:choices``), and say
"Nothing here yet" when there is nothing (``consent/readable/_nothing.html``). A new app adds its section to
the page by declaring it; the page knows no app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from alongside.accounts.models import Membership
from alongside.plugins import contributions
from alongside.policy import Area

from . import sections

Exporter = Callable[[Membership, bool], dict[str, Any]]
Purger = Callable[[Membership], None]
Context = Callable[[Membership], dict[str, Any]]


@dataclass(frozen=True)
class Readable:
    """How a section reads on the printable page: its heading, its template and what the template gets."""

    title: StrOrPromise  # gettext_lazy: the page shows it in the reader's language
    template: str
    context: Context | None = None  # by default {"data": the section's export, as in the client's own download}
    order: int = 100  # who they are first (10), then the plan (20) ... the access log last (90)


@dataclass(frozen=True)
class Section:
    name: str
    export: Exporter
    area: Area | None = None
    purge: Purger | None = None
    readable: Readable | None = None


@dataclass(frozen=True)
class ReadablePart:
    """One section of the printable page, ready for its template."""

    name: str
    title: StrOrPromise
    template: str
    context: dict[str, Any]


SECTIONS: dict[str, Section] = {}


def register(
    name: str,
    export: Exporter,
    *,
    area: Area | None = None,
    purge: Purger | None = None,
    readable: Readable | None = None,
) -> None:
    """Add (or replace, so app reloading is harmless) one app's section."""
    SECTIONS[name] = Section(name, export, area, purge, readable)


def load_sections() -> None:
    """Every app's sections, in INSTALLED_APPS order (run once the apps are ready)."""
    for _app, declared in contributions("mydata", "MY_DATA"):
        for section in declared:
            register(section.name, section.export, area=section.area, purge=section.purge, readable=section.readable)


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


def readable_for(client: Membership) -> list[ReadablePart]:
    """The client's whole record as the printable page shows it: every section that has a readable form."""
    parts = []
    for section in SECTIONS.values():
        if section.readable is None:
            continue
        readable = section.readable
        context = readable.context(client) if readable.context else {"data": section.export(client, True)}
        parts.append((readable.order, ReadablePart(section.name, readable.title, readable.template, context)))
    return [part for _, part in sorted(parts, key=lambda pair: pair[0])]


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
    Section(
        "account", sections.account, readable=Readable(_("Who you are"), "consent/readable/account.html", order=10)
    ),
    Section(
        "sharing",
        sections.consents,
        purge=sections.purge_consents,
        readable=Readable(
            _("Who you share your record with"), "consent/readable/sharing.html", sections.readable_consents, 80
        ),
    ),
    Section(
        "access_log",
        sections.access_log,
        readable=Readable(
            _("Who has looked at your record"), "consent/readable/access_log.html", sections.readable_accesses, 90
        ),
    ),
]
