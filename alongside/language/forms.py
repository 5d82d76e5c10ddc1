from django import forms

PRACTICE_REPLY_LIMIT = 2_000  # what a practice reply may be; the coach itself reads up to limits.MAX_TEXT_CHARS


class PracticeForm(forms.Form):
    reply = forms.CharField(
        label="Your reply",
        max_length=PRACTICE_REPLY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write what you would say back, as you would say it.",
        error_messages={"required": "Please write a reply to get feedback on it."},
    )
