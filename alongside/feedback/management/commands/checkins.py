"""``alongside checkins offer``: invite every matched client to the periodic check-ins now due.
``alongside checkins reliability``: work out each organisation's reliability estimates again.

Run both daily (cron or a systemd timer). Each check-in is offered no more often than its definition says
(wellbeing weekly, BARC-10 every 90 days), so running it more often is harmless. The estimates come from
each client's first answer (``feedback/reliability.py``), so pages never count them from every answer.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.accounts.models import Membership, Role
from alongside.feedback.actions import checkins_link, offer_checkins
from alongside.feedback.reliability import refresh_all


class Command(BaseCommand):
    help = "Offer periodic check-ins that are due, by email; or work out reliability estimates again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["offer", "reliability"])
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where people open Alongside.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reliability":
            self.stdout.write(f"Worked out reliability for {refresh_all()} check-ins.")
            return
        matched = Membership.objects.filter(
            role=Role.CLIENT, is_active=True, supporter_assignments__ended_at__isnull=True
        ).distinct()
        offered = 0
        for client in matched.select_related("user", "organisation").iterator():
            link = checkins_link(client, None, options["base_url"])
            offered += len(offer_checkins(client, meeting=None, link=link, email=True))
        self.stdout.write(f"Offered {offered} check-ins.")
