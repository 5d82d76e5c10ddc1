"""What a notification says: the same words whatever it is about, so no message can carry a health detail or a
name. The link leads to the page where the person, once signed in, sees what is new."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse

from .backends import Message
from .kinds import DIGEST_WORDS, Kind

SUBJECT = "You have something new in Alongside"
FOOTER = "To choose what Alongside tells you, and when, see {settings}"


def absolute(link: str) -> str:
    return urljoin(settings.ALONGSIDE_BASE_URL, link)


def _footer(link: str) -> str:
    """The person's Notifications page, on the same site as the link."""
    return FOOTER.format(settings=urljoin(absolute(link), reverse("notifications:preferences")))


def single(link: str) -> Message:
    body = (
        "Hello,\n\nThere is something new for you in Alongside. Sign in to see it:\n"
        f"{absolute(link)}\n\n{_footer(link)}\n"
    )
    return Message(SUBJECT, body)


def digest(counts: Counter[str], link: str) -> Message:
    """One day's summary: how many of each kind, nothing more."""
    lines = "\n".join(f"- {DIGEST_WORDS[Kind(kind)]}: {counts[kind]}" for kind in sorted(counts))
    body = (
        f"Hello,\n\nHere is what is new for you in Alongside since the last summary:\n{lines}\n\n"
        f"Sign in to see it:\n{absolute(link)}\n\n{_footer(link)}\n"
    )
    return Message(SUBJECT, body)
