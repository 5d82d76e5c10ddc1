from django import forms
from django.utils.translation import gettext_lazy as _

VALIDITY_CHOICES = [(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is this token for?"),
        max_length=100,
        help_text=_("A short name you will recognise later, for example “Reporting spreadsheet”."),
        error_messages={"max_length": _("Please keep the name to 100 characters or fewer.")},
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"), choices=VALIDITY_CHOICES, coerce=int, initial=90, widget=forms.RadioSelect
    )
