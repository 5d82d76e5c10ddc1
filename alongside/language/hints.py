"""Hints for a submitted form's text fields, for pages that show the coach without JavaScript."""

from __future__ import annotations

from django import forms

from alongside.language.coach import Feedback, coach
from alongside.language.rules import MAX_TEXT_CHARS

CHECK_WORDING = "check_wording"  # the name of the "Check my wording" submit button


def wants_check(data: object) -> bool:
    return hasattr(data, "get") and bool(data.get(CHECK_WORDING))


def hints_for(form: forms.Form, *field_names: str) -> dict[str, Feedback]:
    """Feedback on what was typed in each field (valid or not), keyed by field name."""
    found = {}
    for name in field_names:
        text = str(form.data.get(form.add_prefix(name), ""))
        if text.strip() and len(text) <= MAX_TEXT_CHARS:
            found[name] = coach(text)
    return found
