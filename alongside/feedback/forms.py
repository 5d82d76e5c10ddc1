"""Forms for check-ins. A check-in form is built from its definition, so any loaded definition works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from alongside.language.sharing import CoachedForm

from .definitions import MAX_DEFINITION_BYTES, Definition, Item
from .models import RESPONSE_MAX_CHARS


@dataclass(frozen=True)
class ItemRow:
    """One question as the template draws it: the item, what was entered, and what was wrong."""

    item: Item
    value: str
    error: str


def checkin_rows(definition: Definition, data: Mapping[str, Any], errors: Mapping[str, list[str]]) -> list[ItemRow]:
    return [
        ItemRow(item, str(data.get(item.link_id, "")), " ".join(errors.get(item.link_id, [])))
        for item in definition.items
    ]


class PromptResponseForm(CoachedForm):
    coached = ("you_said", "next_time")
    you_said = forms.CharField(
        label="You said…",
        max_length=RESPONSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please say back, in a sentence, what you heard."},
    )
    next_time = forms.CharField(
        label="…so next time we will…",
        max_length=RESPONSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please say what you will do differently next time."},
    )


class DefinitionUploadForm(forms.Form):
    file = forms.FileField(
        label="Definition file (JSON)",
        help_text="A check-in definition in the format described in the documentation. Up to 100 KB.",
        error_messages={"required": "Please choose a file.", "empty": "The file is empty."},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DEFINITION_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_DEFINITION_BYTES // 1000} KB.")
        return bytes(upload.read())
