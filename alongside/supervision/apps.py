from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "alongside.supervision"
    verbose_name = "Reflective supervision"
