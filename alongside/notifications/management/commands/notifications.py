"""``alongside notifications send-digests`` (daily) and ``send-waiting`` (every few minutes, as a safety net)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.notifications.outbox import send_digests, send_waiting


class Command(BaseCommand):
    help = (
        "Notifications. 'send-digests' sends each person who chose a daily summary one email counting what is "
        "new (run it daily). 'send-waiting' sends what quiet hours or a failed attempt held back (run it "
        "every few minutes if the background worker is not running)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["send-digests", "send-waiting"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "send-digests":
            self.stdout.write(f"Daily summaries made: {send_digests()}.")
        else:
            self.stdout.write(f"Waiting notifications sent: {send_waiting()}.")
