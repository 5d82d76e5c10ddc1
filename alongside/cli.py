"""The ``alongside`` command.

``alongside lint`` and ``alongside language train|evaluate`` run the language coach without Django, so
they work anywhere (an editor hook, CI) and never touch a database. Every other subcommand is a Django
management command, so the CLI and ``manage.py`` never drift apart: ``alongside demo``, ``alongside serve``,
``alongside migrate``, ``alongside createorg``, ``alongside createuser``, ``alongside audit verify`` and the rest.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["lint"], ["language"]):
        from alongside.language import cli as language_cli

        sys.exit(language_cli.main(args if args[0] == "lint" else args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside", *args])


if __name__ == "__main__":
    main()
