from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    verbose_name = "Recovery plans"

    def ready(self) -> None:
        from alongside.consent.mydata import register
        from alongside.policy import Area

        from .mydata import export_for_client, purge_for_client

        register("plans", export_for_client, area=Area.PLAN, purge=purge_for_client)
