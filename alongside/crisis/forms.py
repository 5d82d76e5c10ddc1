"""Forms for the crisis plan and the organisation's crisis lines. Limits are checked by the actions too; text
fields carry no ``maxlength`` so a browser never silently cuts what someone pasted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Contact
from .sections import OPT_IN_FIELD, SECTIONS, TEXT_MAX


class CrisisPlanForm(forms.Form):
    """Every section optional, each a box for the client's own words; medicines behind an explicit choice."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    include_medicines = forms.BooleanField(
        required=False,
        label=_("Include my medicines and allergies in my plan"),
        help_text=_(
            "Leave this unticked to keep them out of your plan. Whoever you share the plan with would see them."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {"version": self.fields["version"]}
        for section in SECTIONS:
            if section.field == OPT_IN_FIELD:
                fields["include_medicines"] = self.fields["include_medicines"]
            fields[section.field] = forms.CharField(
                label=section.heading,
                help_text=section.prompt,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields = fields

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for section in SECTIONS:
            if len(cleaned.get(section.field) or "") > TEXT_MAX:
                self.add_error(
                    section.field,
                    gettext(
                        "This can be up to %(limit)s characters. Please shorten it a little: everything you "
                        "wrote is still here."
                    )
                    % {"limit": number_format(TEXT_MAX, force_grouping=True)},
                )
        return cleaned

    def wording(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}


class CrisisLineForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name of the line"))
    number = forms.CharField(max_length=40, label=_("Number"))
    contact = forms.ChoiceField(choices=Contact.choices, label=_("How people reach it"))
    hours = forms.CharField(max_length=120, required=False, label=_("When it is open (optional)"))
    about = forms.CharField(max_length=300, required=False, label=_("A few words about it (optional)"))
