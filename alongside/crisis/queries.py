"""Reading a crisis plan and the crisis lines, for a client or organisation a policy gateway already chose."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from alongside import versioned
from alongside.accounts.models import Membership

from .models import Contact, CrisisLine, CrisisPlan
from .sections import OPT_IN_FIELD, SECTIONS


def lifeline() -> CrisisLine:
    """The US default when an organisation has set up no line of its own, in the language of the page."""
    return CrisisLine(
        name=_("988 Suicide & Crisis Lifeline"),
        number="988",
        contact=Contact.CALL_OR_TEXT,
        hours=_("Any time, day or night"),
        about=_("Free and confidential. You can also chat at 988lifeline.org."),
    )


@dataclass(frozen=True)
class Written:
    """One section with words in it, as shown on a page or printed."""

    field: str
    heading: StrOrPromise
    text: str


def plan_of(client: Membership) -> CrisisPlan | None:
    return CrisisPlan.objects.filter(client=client).first()


def written_sections(values: dict[str, object]) -> list[Written]:
    """The sections the client wrote something in, in order; medicines only when they chose to include them."""
    shown = []
    for section in SECTIONS:
        text = str(values.get(section.field) or "")
        if text and (section.field != OPT_IN_FIELD or values.get("include_medicines")):
            shown.append(Written(section.field, section.heading, text))
    return shown


def written(plan: CrisisPlan | None) -> list[Written]:
    if plan is None:
        return []
    return written_sections({name: getattr(plan, name) for name in (*(s.field for s in SECTIONS), "include_medicines")})


def versions_of(plan: CrisisPlan | None) -> list[versioned.EarlierVersion[Written]]:
    """Every saved version, newest first, each with the sections it had."""
    return versioned.versions_of(plan, written_sections)


def lines_for(organisation_id: int) -> list[CrisisLine]:
    """The organisation's crisis lines in their order, or the 988 Lifeline when it has none."""
    return list(CrisisLine.objects.filter(organisation_id=organisation_id)) or [lifeline()]
