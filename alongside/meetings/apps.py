from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    verbose_name = "Meetings and shared notes"

    def ready(self) -> None:
        from alongside.consent.mydata import register
        from alongside.policy import Area

        from .mydata import export_for_client, purge_for_client

        register("meetings", export_for_client, area=Area.MEETINGS, purge=purge_for_client)
