from django import forms

from alongside.language.rules import MAX_TEXT_CHARS

PRACTICE_REPLY_LIMIT = 2_000


class HintsForm(forms.Form):
    """Text being written anywhere in the app, sent for hints; nothing is stored."""

    text = forms.CharField(required=False, strip=False, max_length=MAX_TEXT_CHARS)


class PracticeForm(forms.Form):
    reply = forms.CharField(
        label="Your reply",
        max_length=PRACTICE_REPLY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write what you would say back, as you would say it.",
        error_messages={"required": "Please write a reply to get feedback on it."},
    )
