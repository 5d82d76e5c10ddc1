from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "alongside.language"
    verbose_name = "Language coach"
