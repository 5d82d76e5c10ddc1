"""The authentication backend: Django's ``ModelBackend``, loading the person and their memberships together."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from .models import Membership, Organisation, User

BACKEND = "alongside.accounts.backends.MembershipBackend"
# Each model of the one query, and its alias in it: a membership row joined to its person and organisation.
JOINED: tuple[tuple[type[Model], str], ...] = ((Membership, "m"), (User, "u"), (Organisation, "o"))


class MembershipBackend(ModelBackend):
    """Signs in exactly as ``ModelBackend`` does; on each request it loads the signed-in person with their
    active memberships (and organisations) in one query, where ``ModelBackend`` and the membership middleware
    took one each. Every page needs both, so this is one query fewer on every signed-in page.

    That query is written out in SQL (from the models' own fields, so a new field is loaded too) rather than
    built by the ORM each time: building and compiling it cost 1 to 1.4 ms of Python on every signed-in request,
    its rows a twentieth of that. The rows become model instances as the ORM would make them, through the
    database backend's converters (``tests/accounts/test_fast_loads.py`` compares the two field by field).

    Nothing is kept between requests: the memberships are read afresh each time, so ending one takes effect
    on the very next request. ``django.contrib.auth.get_user`` still checks the session's password hash and
    ``user_can_authenticate`` still refuses a deactivated person.
    """

    def get_user(self, user_id: Any) -> User | None:
        memberships = active_memberships_with_people(user_id)
        if not memberships:  # no organisation any more (or a staff account): load the person alone
            alone = super().get_user(user_id)
            if alone is not None:
                alone.active_memberships = []
            return alone
        user = memberships[0].user
        user.active_memberships = memberships
        return user if self.user_can_authenticate(user) else None


def active_memberships_with_people(user_id: Any) -> list[Membership]:
    """The person's active memberships, oldest first, each with the one person object and its organisation."""
    memberships = []
    user = None
    for membership, user_row, organisation in _memberships_with_people(user_id=int(user_id), is_active=True):
        user = user or user_row  # one person object, not one per row
        membership.user, membership.organisation = user, organisation
        memberships.append(membership)
    return memberships


def membership_with_person(membership_id: int) -> Membership | None:
    """One membership with its person and organisation, as ``select_related("user", "organisation")`` would load
    it: for the policy's read of the client whose record a page shows, on every such page. An id outside the
    key's range (from an address) finds nobody, as with the ORM, rather than failing in the database driver."""
    low, high = connections[router.db_for_read(Membership)].ops.integer_field_range(
        Membership._meta.pk.get_internal_type()
    )
    if not low <= int(membership_id) <= high:
        return None
    for membership, user, organisation in _memberships_with_people(id=int(membership_id)):
        membership.user, membership.organisation = user, organisation
        return membership
    return None


def _memberships_with_people(**equal: Any) -> list[tuple[Membership, User, Organisation]]:
    """The memberships whose columns have the values of ``equal``, in id order, each joined to its person and
    organisation: one query, written out in SQL from the models' own fields (see ``MembershipBackend``)."""
    connection = connections[router.db_for_read(Membership)]
    quote = connection.ops.quote_name
    columns = ", ".join(
        f"{alias}.{quote(field.column)}" for model, alias in JOINED for field in model._meta.concrete_fields
    )
    where = " AND ".join(f"m.{quote(column)} = %s" for column in equal)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(Membership._meta.db_table)} m"  # noqa: S608 (names from the models only)
            f" JOIN {quote(User._meta.db_table)} u ON u.{quote(User._meta.pk.column)} = m.{quote('user_id')}"
            f" JOIN {quote(Organisation._meta.db_table)} o"
            f" ON o.{quote(Organisation._meta.pk.column)} = m.{quote('organisation_id')}"
            f" WHERE {where} ORDER BY m.{quote('id')}",
            list(equal.values()),
        )
        rows = cursor.fetchall()
    return [tuple(instances(connection, row)) for row in rows]  # type: ignore[misc]


def instances(connection: BaseDatabaseWrapper, row: tuple[Any, ...]) -> list[Model]:
    """One instance of each of ``JOINED`` from a row of their columns, each value through the converters the
    ORM would apply (on SQLite: aware date-times and booleans), and marked as loaded from ``connection``."""
    made, start = [], 0
    for model, alias in JOINED:
        fields = model._meta.concrete_fields
        values = []
        for field, value in zip(fields, row[start : start + len(fields)], strict=True):
            column = field.get_col(alias)
            for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
                value = convert(value, column, connection)
            values.append(value)
        made.append(model.from_db(connection.alias, [field.attname for field in fields], values))
        start += len(fields)
    return made
