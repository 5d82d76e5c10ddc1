"""The parts of "How I want to be supported", in the client's voice, and the choices some of them offer.

One list, read by the form, the pages, the history, My data and the FHIR export, so every copy has the same
parts in the same order with the same headings. A part is either free text or a set of choices; choices are
stored as their codes, joined by commas, next to the client's own words about them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

CONTACT_WAYS = (
    ("text", _("Text message")),
    ("call", _("Phone call")),
    ("email", _("Email")),
    ("video", _("Video call")),
    ("in_person", _("In person")),
)
PATHWAYS = (
    ("medication", _("Medication-supported recovery")),
    ("harm_reduction", _("Harm reduction")),
    ("twelve_step", _("A 12-step group")),
    ("other_group", _("Another mutual-help group")),
    ("none", _("None of these")),
)


@dataclass(frozen=True)
class Part:
    field: str
    heading: StrOrPromise  # gettext_lazy: read in the language of the page showing it
    prompt: StrOrPromise
    choices: tuple[tuple[str, StrOrPromise], ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    def labels(self, stored: str) -> list[str]:
        """The words for the codes stored in a choice part, in the order they are offered."""
        chosen = set(codes(stored))
        return [str(label) for code, label in self.choices if code in chosen]


PARTS = (
    Part("what_helps", _("What helps me"), _("What people do or say that helps, in meetings and between them.")),
    Part(
        "what_does_not_help",
        _("What does not help"),
        _("What makes things harder, or what you would rather people avoid."),
    ),
    Part("contact_ways", _("How I would like to be contacted"), _("Tick any that suit you."), CONTACT_WAYS),
    Part("contact_times", _("When is a good time"), _("Days and times that suit you, and times to avoid.")),
    Part(
        "contact_language",
        _("My language"),
        _("The language you would like to be spoken to in, and anything that helps."),
    ),
    Part("contact_notes", _("Anything else about contacting me"), _("For example: text me first, not calls.")),
    Part("pathways", _("My pathway"), _("Tick any that are part of your recovery, or none."), PATHWAYS),
    Part("pathway_words", _("My pathway in my own words"), _("How you describe your recovery, in your own words.")),
    Part(
        "avoid_words",
        _("Words I would rather not hear"),
        _("One word or phrase on each line. Your supporters get a reminder if they write one of them."),
    ),
    Part("people", _("People who matter to me"), _("Who they are, and whether your supporters may mention them.")),
)
FIELDS = tuple(part.field for part in PARTS)
TEXT_MAX = 2000
AVOID_MAX = 30  # words or phrases on the "rather not hear" list; each up to AVOID_WORD_MAX characters
AVOID_WORD_MAX = 60


def codes(stored: str) -> list[str]:
    return [code for code in stored.split(",") if code]


def avoided(stored: str) -> tuple[str, ...]:
    """The words and phrases on the "rather not hear" list, one a line, blank lines and repeats left out."""
    seen: dict[str, str] = {}
    for line in stored.splitlines():
        word = " ".join(line.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return tuple(seen.values())
