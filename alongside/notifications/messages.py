"""What a notification says: the same words whatever it is about, so no message can carry a health detail or a
name. The link leads to the page where the person, once signed in, sees what is new."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .backends import Message
from .kinds import DIGEST_WORDS, Kind

SUBJECT = gettext_lazy("You have something new in Alongside")
FOOTER = gettext_lazy("To choose what Alongside tells you, and when, see %(settings)s")


def absolute(link: str) -> str:
    return urljoin(settings.ALONGSIDE_BASE_URL, link)


def _footer(link: str) -> str:
    """The person's Notifications page, on the same site as the link."""
    return FOOTER % {"settings": urljoin(absolute(link), reverse("notifications:preferences"))}


def single(link: str) -> Message:
    """In the active language: ``delivery`` renders it in the recipient's."""
    body = "{hello}\n\n{new}\n{link}\n\n{footer}\n".format(
        hello=_("Hello,"),
        new=_("There is something new for you in Alongside. Sign in to see it:"),
        link=absolute(link),
        footer=_footer(link),
    )
    return Message(str(SUBJECT), body)


def digest(counts: Counter[str], link: str) -> Message:
    """One day's summary: how many of each kind, nothing more."""
    lines = "\n".join(f"- {DIGEST_WORDS[Kind(kind)]}: {counts[kind]}" for kind in sorted(counts))
    body = "{hello}\n\n{summary}\n{lines}\n\n{sign_in}\n{link}\n\n{footer}\n".format(
        hello=_("Hello,"),
        summary=_("Here is what is new for you in Alongside since the last summary:"),
        lines=lines,
        sign_in=_("Sign in to see it:"),
        link=absolute(link),
        footer=_footer(link),
    )
    return Message(str(SUBJECT), body)
