from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "alongside.consent"
    verbose_name = "Consent, disclosures and the client's own data"

    def ready(self) -> None:
        from .mydata import load_sections

        load_sections()
