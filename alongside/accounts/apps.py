from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the security-log receivers
