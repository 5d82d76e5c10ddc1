from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "alongside.home"
    verbose_name = "Each role's home page"
