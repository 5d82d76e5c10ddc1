"""A form sent twice stores one row: the one idempotency rule every app's actions use.

Each form that creates something carries a random key in a hidden field; the row it creates keeps the key.
A key is only ever looked up together with its organisation and its author, so one person's key can never
find (or block) another's row, and a database constraint on (organisation, author, key) lets exactly one
of two simultaneous sendings insert. Rows made without a form (imports, the demo) have no key.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar
from uuid import UUID

from django.db import IntegrityError, models, transaction

Row = TypeVar("Row", bound=models.Model)


class Sending(Generic[Row]):
    """One sending of a form that creates a ``model`` row, identified by ``key`` within organisation and author.

    ``author`` names the field holding whoever sent the form and its value (``{"written_by": user}``);
    ``key_field`` is the model's key column.
    """

    def __init__(
        self,
        model: type[Row],
        key: UUID | str | None,
        *,
        organisation_id: int,
        author: dict[str, Any],
        key_field: str = "idempotency_key",
    ) -> None:
        self.model, self.has_key = model, key is not None
        self.identity = {"organisation_id": organisation_id, **author, key_field: key}

    def stored_before(self) -> Row | None:
        """What an earlier sending of this form stored (a double submit), if it did."""
        return self.model._default_manager.filter(**self.identity).first() if self.has_key else None

    def store(self, **fields: Any) -> tuple[Row, bool]:
        """Create the row, or find the one a simultaneous sending created; True when this call created it.

        The savepoint keeps the caller's transaction usable after the database refused the second insert.
        """
        try:
            with transaction.atomic():
                return self.model._default_manager.create(**self.identity, **fields), True
        except IntegrityError:
            if not self.has_key:
                raise
            return self.model._default_manager.get(**self.identity), False


def key_constraint(author_field: str, key_field: str, name: str) -> models.UniqueConstraint:
    """The database's half of the rule: one row per (organisation, author, key)."""
    return models.UniqueConstraint(fields=["organisation", author_field, key_field], name=name)
