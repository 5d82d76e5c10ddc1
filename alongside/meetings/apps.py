from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "alongside.meetings"
    verbose_name = "Meetings and shared notes"
