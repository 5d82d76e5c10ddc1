"""The ``alongside`` command. Every subcommand is a Django management command, so the CLI and
``manage.py`` never drift apart: ``alongside demo``, ``alongside serve``, ``alongside migrate``,
``alongside createorg``, ``alongside createuser``, ``alongside audit verify`` and the rest.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
