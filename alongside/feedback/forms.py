"""Forms for check-ins. A check-in form is built from its definition, so any loaded definition works."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
        label=gettext_lazy("You said…"),
        max_length=RESPONSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Please say back, in a sentence, what you heard.")},
    )
    next_time = forms.CharField(
        label=gettext_lazy("…so next time we will…"),
        max_length=RESPONSE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Please say what you will do differently next time.")},
    )


class DefinitionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Definition file (JSON)"),
        help_text=gettext_lazy("A check-in definition in the format described in the documentation. Up to 100 KB."),
        error_messages={"required": gettext_lazy("Please choose a file."), "empty": gettext_lazy("The file is empty.")},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DEFINITION_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s KB.") % {"size": MAX_DEFINITION_BYTES // 1000}
            )
        return bytes(upload.read())
