import getpass
import os
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from alongside.accounts.actions import add_member
from alongside.accounts.models import Organisation, Role


class Command(BaseCommand):
    help = "Add a person to an organisation with a role. The password is asked for, or read from ALONGSIDE_PASSWORD."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The organisation's short name.")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the short name '{options['org']}'.")
        try:
            validate_email(options["email"])
        except ValidationError as error:
            raise CommandError(f"'{options['email']}' is not a valid email address.") from error
        password = os.environ.get("ALONGSIDE_PASSWORD") or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password)
            member = add_member(
                organisation,
                email=options["email"],
                display_name=options["name"].strip(),
                role=options["role"],
                password=password,
                by=None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Added {member.user} as {member.get_role_display()} of {organisation}."))
