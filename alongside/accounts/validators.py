"""Password rules beyond Django's: long passphrases are welcome, but not unbounded input."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from alongside.accounts.models import User

MAX_PASSWORD_LENGTH = 128


class MaximumLengthValidator:
    def validate(self, password: str, user: User | None = None) -> None:
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(
                gettext("Please use at most %(length)s characters.") % {"length": MAX_PASSWORD_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return gettext("Your password can be up to %(length)s characters long.") % {"length": MAX_PASSWORD_LENGTH}
