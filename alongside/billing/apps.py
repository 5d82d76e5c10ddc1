from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "alongside.billing"
    verbose_name = "Session documentation and billing"
