from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FeedbackConfig(AppConfig):
    name = "alongside.feedback"
    verbose_name = "Check-ins and the feedback loop"

    def ready(self) -> None:
        from .shipped import load_shipped_definitions

        # After every migrate (and every test-database flush) the shipped definitions are present.
        post_migrate.connect(load_shipped_definitions, sender=self)
