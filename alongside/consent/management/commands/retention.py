from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import Organisation
from alongside.consent.actions import purge_due_closures, set_retention
from alongside.consent.models import retention_years


class Command(BaseCommand):
    help = (
        "How long closed accounts' records are kept. 'retention show --org s', 'retention set --org s --years n', "
        "'retention purge' (run daily: deletes what closed accounts kept once their period is over)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["show", "set", "purge"])
        parser.add_argument("--org", help="the organisation's slug (show, set)")
        parser.add_argument("--years", type=int, help="years to keep records after an account closes (set)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "purge":
            self.stdout.write(f"Purged {purge_due_closures()} closed account(s) past their retention period.")
            return
        organisation = Organisation.objects.filter(slug=options["org"] or "").first()
        if organisation is None:
            raise CommandError("Please name an organisation with --org <slug>.")
        if options["action"] == "set":
            years = options["years"]
            if years is None or not 1 <= years <= 100:
                raise CommandError("Please give --years between 1 and 100.")
            set_retention(organisation, years)
        years = retention_years(organisation.pk)
        self.stdout.write(f"{organisation}: records of closed accounts are kept {years} years, then purged.")
