"""``alongside reports rebuild``: count the organisation dashboard's day tallies again from the records."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import Organisation
from alongside.reports.tallies import rebuild


class Command(BaseCommand):
    help = (
        "Reports tools. 'alongside reports rebuild' counts the dashboard tallies again from the records: once "
        "after upgrading, after a bulk load or a restore, or after changing TIME_ZONE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--organisation", metavar="SLUG", help="Only this organisation (default: every one).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = Organisation.objects.order_by("slug")
        if options["organisation"]:
            organisations = organisations.filter(slug=options["organisation"])
            if not organisations.exists():
                raise CommandError(f"There is no organisation '{options['organisation']}'.")
        for organisation in organisations:
            rows = rebuild(organisation)
            self.stdout.write(f"{organisation.slug}: {rows:,} tally rows.")
        self.stdout.write(self.style.SUCCESS("The dashboard tallies match the records."))
