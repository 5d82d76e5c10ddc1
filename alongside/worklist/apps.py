from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "alongside.worklist"
    verbose_name = "Signals and the supporter's worklist"
