from django import forms

VALIDITY_CHOICES = [(30, "30 days"), (90, "90 days"), (365, "1 year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is this token for?",
        max_length=100,
        help_text="A short name you will recognise later, for example “Reporting spreadsheet”.",
        error_messages={"max_length": "Please keep the name to 100 characters or fewer."},
    )
    valid_days = forms.TypedChoiceField(
        label="Valid for", choices=VALIDITY_CHOICES, coerce=int, initial=90, widget=forms.RadioSelect
    )
