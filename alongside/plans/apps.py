from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    verbose_name = "Recovery plans"
