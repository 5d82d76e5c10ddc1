"""``alongside demo``: migrate, load the demo organisation once, print the sign-ins, and serve.

Never in production: the demo's sign-ins share a password anyone can read.

``--size large`` also adds the scale data set (10,000 clients, 1,000,000 check-in answers) once.
"""

import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import Organisation
from alongside.core.demo import DEMO_PASSWORD, DEMO_SLUG, build_demo, demo_exists, demo_logins
from alongside.reports.scale import Size, build_large, has_large_data


class Command(BaseCommand):
    help = "Start Alongside with a synthetic demo organisation (created on the first run, reused after)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare the data but do not start the server.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="large: also add 10,000 clients and 1,000,000 check-in answers (a few minutes; see docs/reports.md).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:  # the demo's accounts share a password printed in the README
            raise CommandError(
                "alongside demo does not run with ALONGSIDE_ENV=production: it creates accounts with a published "
                "password. Use `alongside createorg` and `alongside createuser` to set up a real organisation."
            )
        self._say("Preparing the database (the first time takes a few seconds)…")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write("Demo data already exists; reusing it.")
        else:
            self._say("Creating the demo organisation (about half a minute)…")
            build_demo(progress=self._say)
        if options["size"] == "large":
            self._add_large_data()
        self.stdout.write(self.style.SUCCESS(f"\nDemo sign-ins (password for everyone: {DEMO_PASSWORD}):"))
        for role, email in demo_logins():
            self.stdout.write(f"  {role:<20} {email}")
        if not options["no_serve"]:
            self.stdout.write(f"\nOpen http://{options['host']}:{options['port']}/ — press Ctrl+C to stop.\n")
            call_command("serve", host=options["host"], port=options["port"])

    def _say(self, line: str) -> None:
        """Print a progress line now, even when the output is a pipe (make demo | tee)."""
        self.stdout.write(line)
        self.stdout.flush()

    def _add_large_data(self) -> None:
        organisation = Organisation.objects.get(slug=DEMO_SLUG)
        if has_large_data(organisation):
            self.stdout.write("The large data set already exists; reusing it.")
            return
        self.stdout.write("Adding the large data set (progress below)…")
        seconds = build_large(organisation, Size(), stream=sys.stderr)
        self.stdout.write(f"Large data set added in {seconds:,.0f} seconds.")
