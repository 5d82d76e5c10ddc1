from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "alongside.conversations"
    label = "conversations"
    verbose_name = "Messages"
