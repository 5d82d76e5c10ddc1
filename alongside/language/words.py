"""The coach's words in the reader's language: names of its categories, labels and levels, and its explanations.

The coach reads English only and its findings keep English codes and English explanations (the command line and
the metrics use them as they are); the pages say them in the reader's language through the ``coach_word``
filter (templatetags/coach_words.py). Explanations are marked where they are written (``gettext_noop`` in
rule_table.py) and translated when shown. Suggested wording ("You could try: …") stays English: it is wording
for the English text the coach reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext, pgettext_lazy

if TYPE_CHECKING:  # a developer tool, not installed in production
    from django_stubs_ext import StrOrPromise

NAMES: dict[str, dict[str, StrOrPromise]] = {
    # The badge of a finding to reconsider.
    "category": {
        "their_words": pgettext_lazy("coach category", "Their words"),
        "stigmatizing": pgettext_lazy("coach category", "Stigmatizing"),
        "directive": pgettext_lazy("coach category", "Directive"),
        "judgmental": pgettext_lazy("coach category", "Judgmental"),
        "autonomy_supportive": pgettext_lazy("coach category", "Autonomy-supportive"),
    },
    # What a sentence does (classifier.Labels.main), shown capitalised.
    "label": {
        "question": pgettext_lazy("coach label", "Question"),
        "reflection": pgettext_lazy("coach label", "Reflection"),
        "input": pgettext_lazy("coach label", "Input"),
        "other": pgettext_lazy("coach label", "Other"),
    },
    # Its kind (classifier.Labels.sub), shown in brackets after the label.
    "sub": {
        "open": pgettext_lazy("coach label", "open"),
        "closed": pgettext_lazy("coach label", "closed"),
        "simple": pgettext_lazy("coach label", "simple"),
        "complex": pgettext_lazy("coach label", "complex"),
        "information": pgettext_lazy("coach label", "information"),
        "advice": pgettext_lazy("coach label", "advice"),
        "options": pgettext_lazy("coach label", "options"),
        "negotiation": pgettext_lazy("coach label", "negotiation"),
    },
    # A practice indicator's level against the MITI 4 thresholds (indicators.py).
    "level": {
        "good": pgettext_lazy("practice indicator level", "good"),
        "fair": pgettext_lazy("practice indicator level", "fair"),
        "below fair": pgettext_lazy("practice indicator level", "below fair"),
    },
}


def coach_word(value: str, kind: str = "") -> StrOrPromise:
    """``value`` in the reader's language: a code of ``kind`` by its name, else an explanation by its
    translation (a text with no translation, such as a client's own words, is shown as it is)."""
    if kind:
        names = NAMES[kind]
        return names.get(value, value.replace("_", " ").capitalize() if kind in ("category", "label") else value)
    return gettext(value) if value else value
