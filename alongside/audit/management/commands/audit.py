from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.audit import keys
from alongside.audit.verify import verify_all


class Command(BaseCommand):
    help = (
        "Audit log tools. 'alongside audit verify' checks every organisation's chain (--since-checkpoint: only "
        "what was added since the last check); 'alongside audit newkey' prints a new key for ALONGSIDE_AUDIT_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "newkey"])
        parser.add_argument(
            "--since-checkpoint",
            action="store_true",
            help="start each chain at the newest signed checkpoint an earlier check left (quick; run a full check "
            "now and then too)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "newkey":
            self.stdout.write(keys.generate())
            return
        problems = verify_all(since_checkpoint=options["since_checkpoint"])
        if problems:
            for problem in problems:
                self.stderr.write(f"Organisation {problem.organisation_id}: entry {problem.seq} {problem.problem}.")
            raise CommandError("The audit log has been altered: the first broken link of each chain is listed above.")
        self.stdout.write(self.style.SUCCESS("The audit log is intact."))
