"""The coach on every form a supporter writes to or about a client, and its second look before sharing.

While the supporter writes, hints appear beside each coached field (``hints_slot.html``; without JavaScript
after each post). When the words are about to become visible to the client, the coach reads them once
more: if wording to reconsider remains, the page shows it once, "Before you share", with Edit and Share
anyway. It advises and never blocks. Nothing about the findings or the choice is stored or logged: the
page carries a fingerprint of the words the supporter saw the findings for (the hidden ``confirmed``
field), so posting the same words again shares them, and changed words are read again.

Per-client words: a form built with ``client=`` (the client it is written to or about) also tells the writer
when they use a word that client asked not to hear (language/avoided.py; the list is theirs, on "How I want
to be supported"), in the hints while typing (``hints_slot.html`` sends the client's id along, and the hints
endpoint asks the policy before reading the list) and in "Before you share". Any coached form for a client
gets this by passing ``client=``; nothing else is needed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from django import forms

from alongside.accounts.models import Membership
from alongside.language import avoided as avoided_words
from alongside.language.avoided import Avoided
from alongside.language.coach import Feedback, coach_many
from alongside.language.limits import reading_end
from alongside.language.rules import Finding, analyse
from alongside.support.queries import avoided_words as words_of

CONFIRMED = "confirmed"  # hidden field: the fingerprint of the words shown with their findings
EDIT = "coach_edit"  # the "Edit" submit button: back to the form, words kept, nothing shared
CHECK_WORDING = "check_wording"  # a "Check my wording" submit button: hints now, nothing shared


@dataclass(frozen=True)
class Written:
    """Words about to be shared: what the page calls them, the words, and the form field they are in."""

    label: str
    text: str
    field: str = ""


@dataclass(frozen=True)
class Concern:
    written: Written
    findings: list[Finding]


@dataclass(frozen=True)
class BeforeSharing:
    """What the "Before you share" step shows: each text's findings, and the fingerprint to share anyway."""

    concerns: list[Concern]
    fingerprint: str


def fingerprint(texts: Sequence[str]) -> str:
    """Identifies the words, not the person: a changed word gives another fingerprint, so it is read again."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:32]


def avoided_for(client: Membership | None) -> Avoided | None:
    """The words ``client`` asked not to hear, with their name for the hint; None when there are none.

    The caller has passed the client through a policy gateway already (the form is theirs to write on).
    """
    if client is None:
        return None
    words = words_of(client)
    return Avoided(client.user.display_name, words) if words else None


def to_reconsider(text: str, avoided: Avoided | None = None) -> list[Finding]:
    """The findings worth a second look before sharing: warnings only (not gentle notes or what went well)."""
    part = text[: reading_end(text)]
    found = analyse(part) + avoided_words.find(part, avoided)
    return avoided_words.in_order([f for f in found if f.severity == "warning"])


def second_look(
    written: Sequence[Written], confirmed: str = "", avoided: Avoided | None = None
) -> BeforeSharing | None:
    """What to show before sharing these words, or None to share them now.

    None when nothing is left to reconsider, or when the supporter has seen the findings for exactly these
    words and chose to share them anyway (``confirmed`` is their fingerprint).
    """
    concerns = [Concern(w, found) for w in written if (found := to_reconsider(w.text, avoided))]
    printed = fingerprint([w.text for w in written])
    if not concerns or confirmed == printed:
        return None
    return BeforeSharing(concerns, printed)


class CoachedForm(forms.Form):
    """A form whose free text a supporter writes to or about a client.

    ``coached`` names the text fields the coach reads. A view acts on a post only when ``is_ready()``; when it
    is not, the page is shown again with every word kept, and with ``before_sharing`` when there is
    something to show first. Templates draw the form with ``language/coached_form.html``.
    """

    coached: ClassVar[tuple[str, ...]] = ()
    before_sharing: BeforeSharing | None = None

    def __init__(self, *args: Any, client: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    @property
    def coach_client_id(self) -> int | None:
        """Sent with each hints request, so the hints while typing know whose words to mention."""
        return self.client.pk if self.client is not None else None

    @cached_property
    def avoided(self) -> Avoided | None:
        return avoided_for(self.client)

    def shared_fields(self) -> tuple[str, ...]:
        """The coached fields whose words this post would make visible to the client (all, unless a form says)."""
        return self.coached

    def is_ready(self, *, shares: bool = True) -> bool:
        """Whether to act on this post now: valid, not a press of Edit or "Check my wording", and, when it
        shares words with the client (``shares``), nothing left to look at first."""
        if not self.is_valid():
            return False
        if self.data.get(EDIT) or self.data.get(CHECK_WORDING):
            self._focus_first_concern()
            return False
        if shares:
            self.before_sharing = second_look(self._written(), self.seen, self.avoided)
        return self.before_sharing is None

    @property
    def seen(self) -> str:
        """The fingerprint of words whose findings were shown already, carried through Edit: sending those
        same words again shares them, since the findings were shown once."""
        return str(self.data.get(CONFIRMED, "")) if self.is_bound else ""

    def _written(self) -> list[Written]:
        return [Written(str(self[name].label), self.cleaned_data[name] or "", name) for name in self.shared_fields()]

    def _focus_first_concern(self) -> None:
        """Back from "Before you share" to edit: the first field with wording to reconsider takes the focus."""
        look = second_look(self._written(), avoided=self.avoided)
        if look is not None:
            self.fields[look.concerns[0].written.field].widget.attrs["autofocus"] = True

    @cached_property
    def hints(self) -> dict[str, Feedback]:
        """Hints on what was typed in each coached field, valid or not, for a page drawn after a post (which
        is how a supporter without JavaScript sees them); none while "Before you share" says it all."""
        if not self.is_bound or self.before_sharing is not None:
            return {}
        typed = {name: str(self.data.get(self.add_prefix(name), "")) for name in self.coached}
        written = {name: text for name, text in typed.items() if text.strip()}
        return dict(zip(written, coach_many(list(written.values()), avoided=self.avoided), strict=True))

    def fields_with_hints(self) -> list[tuple[forms.BoundField, bool, Feedback | None]]:
        """Each visible field, whether the coach reads it, and its hints (for ``coached_form.html``)."""
        return [(field, field.name in self.coached, self.hints.get(field.name)) for field in self.visible_fields()]
