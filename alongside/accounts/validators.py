"""Password rules beyond Django's: long passphrases are welcome, but not unbounded input."""

from django.core.exceptions import ValidationError

from alongside.accounts.models import User

MAX_PASSWORD_LENGTH = 128


class MaximumLengthValidator:
    def validate(self, password: str, user: User | None = None) -> None:
        if len(password) > MAX_PASSWORD_LENGTH:
            raise ValidationError(f"Please use at most {MAX_PASSWORD_LENGTH} characters.", code="password_too_long")

    def get_help_text(self) -> str:
        return f"Your password can be up to {MAX_PASSWORD_LENGTH} characters long."
