"""The message forms. A supporter's words go through the language coach, as a note's do; a client's do not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.language.sharing import CoachedForm
from alongside.meetings.forms import SubmittedOnceForm

from .models import MESSAGE_MAX_CHARS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _too_long() -> str:
    return _("Please keep a message to %(limit)s characters or fewer (it has %%(show_value)d).") % {
        "limit": number_format(MESSAGE_MAX_CHARS, force_grouping=True)
    }


def _body(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Please write a message."),
            "max_length": lazy(_too_long, str)(),
        },
    )


class MessageForm(SubmittedOnceForm, CoachedForm):
    """A client's new message: nothing coached (the coach helps people who write to clients)."""

    body = _body(gettext_lazy("Your message"))


class StaffMessageForm(MessageForm):
    coached = ("body",)


class EditForm(CoachedForm):
    body = _body(gettext_lazy("Your message"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class StaffEditForm(EditForm):
    coached = ("body",)


class HistoryForm(forms.Form):
    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    allowed = forms.TypedChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))], coerce=lambda value: value == "yes"
    )
