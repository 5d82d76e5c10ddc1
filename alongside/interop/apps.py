from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "alongside.interop"
    label = "interop"
    verbose_name = "Open data formats (FHIR)"
