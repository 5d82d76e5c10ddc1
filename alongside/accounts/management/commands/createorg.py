from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from alongside.accounts.actions import create_organisation
from alongside.accounts.models import Organisation
from alongside.billing.actions import seed_defaults


class Command(BaseCommand):
    help = "Create an organisation (a tenant). Add its first admin with createuser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--slug", help="Short name used in commands; made from the name if left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        slug = options["slug"] or slugify(name)
        if not name or not slug:
            raise CommandError("Please give the organisation a name.")
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with the short name '{slug}' already exists.")
        organisation = create_organisation(name, slug)
        seed_defaults(
            organisation, by=None
        )  # the usual US peer-support codes; admins change them (docs/service-delivery.md)
        self.stdout.write(self.style.SUCCESS(f"Created {organisation} (short name: {slug})."))
