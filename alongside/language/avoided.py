"""Words a client asked not to hear: per-client additions to the coach's rules.

A client lists them on "How I want to be supported" (alongside/support). Whoever writes to or about that
client gets a hint naming the client and the word; like every hint it advises and never blocks. Matching is
on whole words and phrases, ignoring case and treating any run of spaces in a phrase as one, so "use" on the
list does not flag "user", and "hard  time" finds "hard time". The hint is written in the reader's language
(Django's gettext: the coach runs for a page), whatever language the client's words are in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext, gettext_noop

from alongside.language.rules import Finding

CATEGORY = "their_words"
ALTERNATIVES = (gettext_noop("their name"), gettext_noop("the words they use about themselves"))


@dataclass(frozen=True)
class Avoided:
    """One client's words: who asked (their name, for the hint) and the words and phrases."""

    name: str
    words: tuple[str, ...]

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        phrases = sorted({w.strip() for w in self.words if w.strip()}, key=len, reverse=True)  # longest first
        if not phrases:
            return None
        branches = [r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in phrases]
        return re.compile(r"(?<!\w)(?:" + "|".join(branches) + r")(?!\w)", re.IGNORECASE)

    def explanation(self, found: str) -> str:
        """In the reader's language (the coach runs for a page); the client's word itself is shown as written."""
        return gettext("%(name)s asked not to hear “%(found)s”. Consider another way to say it.") % {
            "name": self.name,
            "found": found,
        }


def in_order(findings: list[Finding]) -> list[Finding]:
    """Findings in text order; where the client's own word and a general rule find the same words, the
    client's comes first: it is about this person."""
    return sorted(findings, key=lambda f: (f.start, f.end, f.category != CATEGORY))


def find(text: str, avoided: Avoided | None) -> list[Finding]:
    """Every place ``text`` uses a word the client asked not to hear, in text order."""
    if avoided is None or avoided.pattern is None:
        return []
    return [
        Finding(
            match.start(),
            match.end(),
            match.group(),
            CATEGORY,
            avoided.explanation(match.group()),
            tuple(gettext(alternative) for alternative in ALTERNATIVES),
            "the client's own list (How I want to be supported)",
        )
        for match in avoided.pattern.finditer(text)
    ]
