"""Hints for a submitted form's text fields, for pages that show the coach without JavaScript."""

from __future__ import annotations

from django import forms

from alongside.language.coach import Feedback, coach_many

CHECK_WORDING = "check_wording"  # the name of the "Check my wording" submit button


def wants_check(data: object) -> bool:
    return hasattr(data, "get") and bool(data.get(CHECK_WORDING))


def hints_for(form: forms.Form, *field_names: str) -> dict[str, Feedback]:
    """Feedback on what was typed in each field (valid or not), keyed by field name."""
    typed = {name: str(form.data.get(form.add_prefix(name), "")) for name in field_names}
    written = {name: text for name, text in typed.items() if text.strip()}
    return dict(zip(written, coach_many(list(written.values())), strict=True))
