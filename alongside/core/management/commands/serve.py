"""``alongside serve``: collect static files and run the app under gunicorn."""

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Alongside with gunicorn (put a TLS-terminating proxy in front in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Collecting static files, then starting gunicorn…")
        self.stdout.flush()
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        argv = [gunicorn, "alongside.wsgi:application", "--bind", bind, "--workers", str(options["workers"])]
        os.execv(gunicorn, [*argv, "--access-logfile", "-"])  # noqa: S606 - fixed argv, no shell
