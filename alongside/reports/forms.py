from uuid import uuid4

from django import forms

from .registry import ExportKind


class StartExportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What to export", widget=forms.RadioSelect, error_messages={"required": "Please choose what to export."}
    )
    # A fresh key each time the form is shown: submitting the same form twice starts one export.
    request_key = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)

    def __init__(self, *args: object, kinds: list[ExportKind], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.kinds = {kind.slug: kind for kind in kinds}
        kind_field: forms.ChoiceField = self.fields["kind"]  # type: ignore[assignment]
        kind_field.choices = [(kind.slug, f"{kind.title}. {kind.description}") for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].slug
        self.fields["request_key"].initial = uuid4().hex

    def chosen_kind(self) -> ExportKind:
        return self.kinds[self.cleaned_data["kind"]]
