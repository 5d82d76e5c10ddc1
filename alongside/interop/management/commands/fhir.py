"""``alongside fhir export CLIENT_ID [--output FILE]`` and ``alongside fhir import FILE --org SLUG``.

An export from the command line is a transfer: it never holds the client's private items.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alongside import policy
from alongside.accounts.models import Membership, Role
from alongside.interop.actions import export_record
from alongside.interop.importer import ImportProblem, import_bundle, parse


class Command(BaseCommand):
    help = "Export a client's record as a FHIR R4B Bundle, or import one into an organisation."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write a client's record (without private items) as FHIR JSON.")
        export.add_argument("client_id", type=int, help="the client's membership id")
        export.add_argument("--output", "-o", help="file to write (default: standard output)")
        load = actions.add_parser("import", help="Read a FHIR Bundle into an organisation as a new client.")
        load.add_argument("file")
        load.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options["client_id"], options.get("output"))
        else:
            self.load(Path(options["file"]), options["org"])

    def export(self, client_id: int, output: str | None) -> None:
        client = (
            Membership.objects.select_related("user", "organisation").filter(pk=client_id, role=Role.CLIENT).first()
        )
        if client is None:
            raise CommandError(f"There is no client with id {client_id}.")
        if not policy.clients_consenting_to_transfer(client.organisation_id).filter(pk=client.pk).exists():
            raise CommandError(
                f"Client {client_id} has not consented to share their whole record outside the organisation; "
                "a transfer needs that consent (they can give it on their Sharing page)."
            )
        text = json.dumps(export_record(client, by=None, purpose="transfer"), ensure_ascii=False, indent=1)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote the record of client {client_id} to {output}.")
        else:
            self.stdout.write(text)

    def load(self, path: Path, slug: str) -> None:
        try:
            client = import_bundle(parse(path.read_bytes()), slug)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except ImportProblem as problem:
            raise CommandError("Nothing was imported:\n- " + "\n- ".join(problem.problems)) from problem
        self.stdout.write(f"Imported {client.user.display_name} into {slug} as client {client.pk}.")
