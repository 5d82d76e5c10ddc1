from django import forms
from django.utils.translation import gettext_lazy as _

PRACTICE_REPLY_LIMIT = 2_000  # what a practice reply may be; the coach itself reads up to limits.MAX_TEXT_CHARS


class PracticeForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply"),
        max_length=PRACTICE_REPLY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write what you would say back, as you would say it."),
        error_messages={"required": _("Please write a reply to get feedback on it.")},
    )
