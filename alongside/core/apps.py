from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    verbose_name = "Shared pages and plumbing"
