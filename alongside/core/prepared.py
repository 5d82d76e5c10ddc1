"""Queries built with the ORM once per worker, then run as plain SQL with each request's values (issue #11).

On the key pages most of a query's cost in Python is not the database: it is building the queryset (``filter``,
``Q``, joins) and compiling it to SQL, again on every request, for SQL that differs only in its values. A
``Prepared`` query is a function from arguments to a queryset. The first call of each *shape* (the type of each
argument, the length of each list, the value of each ``bool`` or ``None``) builds the queryset with stand-in
values, compiles it, and keeps the SQL and where each stand-in landed among its parameters. Every later call
puts its own values in those places and runs the kept SQL; Django's own iterables turn the rows into model
instances or dictionaries, with the same converters, as the queryset would have.

What keeps this honest:

- **A builder only passes its arguments into the query.** It must not branch on their values or read anything
  else that changes between calls (the clock, the language): pass the time in as an argument. A stand-in that
  does not reach the SQL as a parameter of its own (inside a ``LIKE`` pattern, say) is refused at the first call.
- **The test suite compares every call with the ORM.** With ``settings.PREPARED_QUERIES_CHECKED`` (on in the
  tests), each call also builds and compiles the queryset with the real values and raises if the SQL or the
  parameters differ: a builder that breaks the rule above fails the tests that use it.
- **The result is a list**, never a queryset: nothing can filter it further and silently reuse the kept SQL.
  Related objects it prefetches are read by their own queries, built as the ORM builds them.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.sql.compiler import SQLCompiler

SHAPES_KEPT = 64  # per prepared query
INTEGER_STAND_IN = 2_146_000_000  # in a 32-bit column's range, so Django compiles a lookup with it as usual
STAND_IN_DATE = date(1001, 1, 1)
STAND_IN_MOMENT = datetime(1001, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class _Compiled:
    template: QuerySet[Any]  # built with the stand-ins; read by Django's iterables, never run
    compiler: SQLCompiler  # after as_sql: knows the selected columns and their converters
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int, str], ...]  # (parameter index, value index, how the value is adapted)


class Prepared:
    """``Prepared(build)``: calling it with ``build``'s arguments returns the list the queryset would."""

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self.build = build
        self.compiled: OrderedDict[tuple[Any, ...], _Compiled | None] = OrderedDict()  # by shape; None: no rows at all

    def __call__(self, *args: Any, **fixed: Hashable) -> list[Any]:
        """Positional arguments are values (ids, lists of ids, text, dates, times); keyword arguments are part of
        the shape (a limit, a choice of columns): each value of them is compiled once, for itself."""
        shape, values = _shape_and_values(args)
        compiled = self._compiled(shape, fixed, len(values))
        if compiled is None:
            return []
        params = _params(compiled, values, connections[compiled.template.db])
        if getattr(settings, "PREPARED_QUERIES_CHECKED", False):
            self._check(args, fixed, compiled.sql, params)
        return _run(compiled, params)

    def _compiled(self, shape: tuple[Any, ...], fixed: dict[str, Hashable], count: int) -> _Compiled | None:
        """The kept compilation of this shape, the most recently used ``SHAPES_KEPT`` kept: a list's length is
        part of the shape, and a worker that served people with every number of clients would otherwise keep
        one compilation for each number, for ever."""
        key = (shape, tuple(sorted(fixed.items())))
        if key in self.compiled:
            self.compiled.move_to_end(key)
            return self.compiled[key]
        compiled = self.compiled[key] = self._compile(shape, fixed, count)
        while len(self.compiled) > SHAPES_KEPT:
            self.compiled.popitem(last=False)
        return compiled

    def _compile(self, shape: tuple[Any, ...], fixed: dict[str, Hashable], count: int) -> _Compiled | None:
        stand_ins = _stand_ins(shape)
        template = self.build(*_arguments(shape, stand_ins), **fixed)
        connection = connections[template.db]
        compiler = template.query.get_compiler(template.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        slots = tuple(_slots(params, stand_ins, connection))
        missing = set(range(count)) - {value for _, value, _ in slots}
        if missing:
            raise ValueError(
                f"{self.build.__qualname__}: argument value {min(missing)} does not reach the SQL as a parameter "
                "of its own; build this query with the ORM on every call instead"
            )
        return _Compiled(template, compiler, sql, tuple(params), slots)

    def _check(self, args: tuple[Any, ...], fixed: dict[str, Hashable], sql: str, params: list[Any]) -> None:
        """The SQL and parameters the ORM makes of these very values must be the kept ones."""
        queryset = self.build(*args, **fixed)
        expected = queryset.query.get_compiler(queryset.db).as_sql()
        if (expected[0], tuple(expected[1])) != (sql, tuple(params)):
            raise AssertionError(f"{self.build.__qualname__} prepared {sql} {params}, the ORM makes {expected}")


def _shape_and_values(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[Any]]:
    """The shape of a call (what the kept SQL depends on) and its values in order (what it does not)."""
    shape: list[Any] = []
    values: list[Any] = []
    for argument in args:
        if argument is None or isinstance(argument, bool):
            shape.append(argument)
        elif isinstance(argument, list | tuple | set | frozenset):
            items = list(dict.fromkeys(argument))  # as Django's IN does: once each, in order
            if not all(type(item) is int for item in items):
                raise TypeError("a prepared query takes lists of integers (ids) only")
            shape.append(("list", len(items)))
            values.extend(items)
        elif kind := _kind_of(argument):
            shape.append(kind)
            values.append(str(argument) if kind == "str" else argument)  # a choice (TextChoices) as its value
        else:
            raise TypeError(f"a prepared query cannot take {type(argument).__name__} (pass ids, text, dates)")
    return tuple(shape), values


def _kind_of(value: Any) -> str | None:
    for kind in (datetime, date, int, str):  # a datetime is a date too
        if isinstance(value, kind):
            return kind.__name__
    return None


def _stand_ins(shape: tuple[Any, ...]) -> list[Any]:
    """A distinct stand-in for each value of a call of this shape, of the value's type."""
    kinds = [kind for part in shape for kind in _kinds(part)]
    return [STAND_INS[kind](number) for number, kind in enumerate(kinds)]


def _kinds(part: Any) -> list[str]:
    if isinstance(part, tuple):
        return ["int"] * part[1]
    return [part] if isinstance(part, str) else []


STAND_INS: dict[str, Callable[[int], Any]] = {
    "int": lambda number: INTEGER_STAND_IN + number,
    "str": lambda number: f"\ufffestand-in {number}\ufffe",
    "date": lambda number: STAND_IN_DATE + timedelta(days=number),
    "datetime": lambda number: STAND_IN_MOMENT + timedelta(seconds=number),
}


def _arguments(shape: tuple[Any, ...], stand_ins: list[Any]) -> list[Any]:
    """The builder's arguments for a shape: its bools and Nones as they are, stand-ins for the rest."""
    remaining = iter(stand_ins)
    arguments = []
    for part in shape:
        if isinstance(part, tuple):
            arguments.append([next(remaining) for _ in range(part[1])])
        elif isinstance(part, str):
            arguments.append(next(remaining))
        else:
            arguments.append(part)
    return arguments


def _slots(params: Iterable[Any], stand_ins: list[Any], connection: Any) -> Iterable[tuple[int, int, str]]:
    """Where each stand-in landed among the parameters, and how: as it is, or as the database's adapter wrote it
    (SQLite receives dates and times as text)."""
    forms = {
        (type(form), form): (number, how)
        for number, stand_in in enumerate(stand_ins)
        for how in ADAPTERS
        if (form := _adapt(how, stand_in, connection)) is not None
    }
    for index, param in enumerate(params):
        try:
            found = forms.get((type(param), param))
        except TypeError:  # an unhashable parameter (a list, a JSON value) is no stand-in
            continue
        if found:
            yield index, *found


ADAPTERS = ("as is", "date", "datetime")


def _adapt(how: str, value: Any, connection: Any) -> Any:
    """``value`` as the database's adapter writes it for a date or a time column; None where ``how`` does not
    apply to its type."""
    if how == "as is":
        return value
    if how == "date" and type(value) is date:
        return connection.ops.adapt_datefield_value(value)
    if how == "datetime" and type(value) is datetime:
        return connection.ops.adapt_datetimefield_value(value)
    return None


def _params(compiled: _Compiled, values: list[Any], connection: Any) -> list[Any]:
    params = list(compiled.params)
    for index, number, how in compiled.slots:
        params[index] = _adapt(how, values[number], connection)
    return params


class _KeptQuery:
    """The template's query, except that its compiler is the kept one, with this call's parameters."""

    def __init__(self, query: Any, compiler: SQLCompiler) -> None:
        self._query = query
        self._compiler = compiler

    def get_compiler(self, using: str | None = None, connection: Any = None, elide_empty: bool = True) -> SQLCompiler:
        return self._compiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._query, name)


class _Evaluation:
    """What Django's iterables read of a queryset, for one call."""

    def __init__(self, template: Any, compiler: SQLCompiler) -> None:
        self.db = template.db
        self.model = template.model
        self.query = _KeptQuery(template.query, compiler)
        self._known_related_objects = template._known_related_objects
        self._fields = template._fields


def _run(compiled: _Compiled, params: list[Any]) -> list[Any]:
    compiler = copy.copy(compiled.compiler)
    compiler.connection = connections[compiled.template.db]  # this thread's
    sql = compiled.sql
    compiler.as_sql = lambda *args, **kwargs: (sql, params)  # type: ignore[method-assign]
    template: Any = compiled.template
    found = list(template._iterable_class(_Evaluation(template, compiler)))
    if template._prefetch_related_lookups:  # their own queries, built each time as the ORM does
        prefetch_related_objects(found, *template._prefetch_related_lookups)
    return found
