"""``alongside demo``: migrate, load the demo organisation once, print the sign-ins, and serve."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from alongside.core.demo import DEMO_PASSWORD, build_demo, demo_exists, demo_logins


class Command(BaseCommand):
    help = "Start Alongside with a synthetic demo organisation (created on the first run, reused after)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare the data but do not start the server.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write("Demo data already exists; reusing it.")
        else:
            self.stdout.write("Creating the demo organisation…")
            build_demo()
        self.stdout.write(self.style.SUCCESS(f"\nDemo sign-ins (password for everyone: {DEMO_PASSWORD}):"))
        for role, email in demo_logins():
            self.stdout.write(f"  {role:<20} {email}")
        if not options["no_serve"]:
            self.stdout.write(f"\nOpen http://{options['host']}:{options['port']}/ — press Ctrl+C to stop.\n")
            call_command("serve", host=options["host"], port=options["port"])
