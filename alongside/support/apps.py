from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "alongside.support"
    verbose_name = "How I want to be supported"
