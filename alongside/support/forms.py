"""The form for "How I want to be supported": every part optional; limits are checked by the action too, and
text fields carry no ``maxlength`` so a browser never silently cuts what someone pasted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .parts import PARTS, TEXT_MAX, codes


class SupportPreferencesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, initial: dict[str, Any] | None = None, **kwargs: Any) -> None:
        listed = dict(initial or {})
        for part in PARTS:  # choices are stored comma-joined; the checkboxes want a list
            if part.is_choice:
                listed[part.field] = codes(str(listed.get(part.field) or ""))
        super().__init__(*args, **(kwargs | {"initial": listed}))
        for part in PARTS:
            field: forms.Field
            if part.is_choice:
                field = forms.MultipleChoiceField(
                    choices=part.choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                rows = 2 if part.field.startswith("contact_") else 3
                field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": rows}))
            field.label, field.help_text = part.heading, part.prompt
            self.fields[part.field] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for part in PARTS:
            if not part.is_choice and len(cleaned.get(part.field) or "") > TEXT_MAX:
                self.add_error(
                    part.field,
                    _(
                        "This can be up to %(limit)s characters. Please shorten it a little: everything you "
                        "wrote is still here."
                    )
                    % {"limit": number_format(TEXT_MAX, force_grouping=True)},
                )
        return cleaned

    def wording(self) -> dict[str, Any]:
        return {part.field: self.cleaned_data.get(part.field) for part in PARTS}
