from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.audit.verify import verify_all


class Command(BaseCommand):
    help = "Audit log tools. 'alongside audit verify' checks every organisation's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_all()
        if problems:
            for problem in problems:
                self.stderr.write(f"Organisation {problem.organisation_id}: entry {problem.seq} {problem.problem}.")
            raise CommandError("The audit log has been altered: the first broken link of each chain is listed above.")
        self.stdout.write(self.style.SUCCESS("The audit log is intact."))
