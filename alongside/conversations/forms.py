"""The message forms. A supporter's words go through the language coach, as a note's do; a client's do not."""

from __future__ import annotations

from django import forms

from alongside.language.sharing import CoachedForm
from alongside.meetings.forms import SubmittedOnceForm

from .models import MESSAGE_MAX_CHARS


def _body(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Please write a message.",
            "max_length": f"Please keep a message to {MESSAGE_MAX_CHARS:,} characters or fewer "
            "(it has %(show_value)d).",
        },
    )


class MessageForm(SubmittedOnceForm, CoachedForm):
    """A client's new message: nothing coached (the coach helps people who write to clients)."""

    body = _body("Your message")


class StaffMessageForm(MessageForm):
    coached = ("body",)


class EditForm(CoachedForm):
    body = _body("Your message")
    version = forms.IntegerField(widget=forms.HiddenInput)


class StaffEditForm(EditForm):
    coached = ("body",)


class HistoryForm(forms.Form):
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    allowed = forms.TypedChoiceField(choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes")
