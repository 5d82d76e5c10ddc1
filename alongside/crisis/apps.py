from django.apps import AppConfig


class CrisisConfig(AppConfig):
    name = "alongside.crisis"
    verbose_name = "Crisis plans"
