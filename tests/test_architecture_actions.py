"""The rules about writes, read from the source with ``ast`` so they stay true (docs/architecture.md).

1. A public function in an ``actions.py`` (or an ``actions/`` package) that writes asks ``alongside.policy``
   first. A *write* is a call of ``record`` or of a model-changing method (``create``, ``save``, ``update``,
   ``delete`` and their bulk and ``get_or_`` forms). A *policy check* is a call of anything imported from
   ``alongside.policy`` (``policy.can(...)`` or ``can(...)`` after ``from alongside.policy import can``). The
   first of the two in the function's source order must be the check. A call of another function of the same
   module counts as what that function does first: ``_require(...)`` that asks the policy is a check,
   ``_store(...)`` that writes before asking is a write. Functions that write nothing (helpers such as
   ``hash_token``) are not actions.
2. Mail is sent only after commit: every ``send_mail``-like call sits in a function or lambda that the
   enclosing function hands to ``transaction.on_commit``. The one exception is the notification backend, which
   the background worker runs for deliveries handed to it on commit (``notifications.outbox.notify``; tested in
   tests/notifications/test_outbox.py: nothing is sent for a rolled-back action).
3. ``record()`` gets an ``AuditAction`` member, never a string literal or f-string.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "alongside"
ACTION_MODULES = sorted([*SOURCE.glob("*/actions.py"), *SOURCE.glob("*/actions/*.py")])  # a module or a package
WRITE_METHODS = {
    "create",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "save",
    "update",
    "bulk_update",
    "delete",
    "create_user",
    "record",
}
MAIL_CALLS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "send_messages"}
SENT_BY_THE_WORKER = {"notifications/backends.py"}  # gets only what was queued on commit
# Django's password reset writes nothing: its mail is the only effect, so there is no commit to wait for. The
# form only puts the mail in the account's language around Django's own sending.
NOTHING_WRITTEN = {"accounts/forms.py"}

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _policy_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to the policy module (``policy``) and to things imported from it (``can``)."""
    modules, members = set(), set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "alongside":
            modules |= {alias.asname or alias.name for alias in node.names if alias.name == "policy"}
        if isinstance(node, ast.ImportFrom) and node.module == "alongside.policy":
            members |= {alias.asname or alias.name for alias in node.names}
        if isinstance(node, ast.Import):
            modules |= {alias.asname for alias in node.names if alias.name == "alongside.policy" and alias.asname}
    return modules, members


def _calls_in_order(function: Function) -> list[ast.Call]:
    calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
    return sorted(calls, key=lambda call: (call.lineno, call.col_offset))


class _Module:
    """What each function of one module does first: asks the policy ("check"), writes ("write"), or neither."""

    def __init__(self, tree: ast.Module) -> None:
        self.policy_modules, self.policy_members = _policy_names(tree)
        self.functions = {node.name: node for node in tree.body if isinstance(node, Function)}
        self._first: dict[str, str | None] = {}

    def _event(self, call: ast.Call, seen: set[str]) -> str | None:
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in self.policy_modules
        ):
            return "check"
        if isinstance(func, ast.Name) and func.id in self.policy_members:
            return "check"
        if isinstance(func, ast.Name) and func.id in self.functions and func.id not in seen:
            return self.first(func.id, seen)
        return "write" if _called_name(call) in WRITE_METHODS else None

    def first(self, name: str, seen: set[str] | None = None) -> str | None:
        if name not in self._first:
            seen = (seen or set()) | {name}
            events = (self._event(call, seen) for call in _calls_in_order(self.functions[name]))
            self._first[name] = next((event for event in events if event), None)
        return self._first[name]


def unchecked_actions(source: str) -> list[str]:
    """Public functions that write before (or without) asking the policy."""
    module = _Module(ast.parse(source))
    return [name for name in module.functions if not name.startswith("_") and module.first(name) == "write"]


def _on_commit_callbacks(function: ast.AST) -> Iterator[ast.AST]:
    """Functions and lambdas handed to ``transaction.on_commit`` directly inside ``function``."""
    local = {node.name: node for node in ast.walk(function) if isinstance(node, Function) and node is not function}
    for call in ast.walk(function):
        if isinstance(call, ast.Call) and _called_name(call) == "on_commit" and call.args:
            callback = call.args[0]
            if isinstance(callback, ast.Name) and callback.id in local:
                yield local[callback.id]
            elif isinstance(callback, ast.Lambda):
                yield callback


def mail_outside_on_commit(source: str) -> list[int]:
    """Lines that send mail somewhere other than inside an ``on_commit`` callback."""
    tree = ast.parse(source)
    functions = [node for node in ast.walk(tree) if isinstance(node, Function)]
    callbacks = [callback for function in functions for callback in _on_commit_callbacks(function)]
    deferred = {id(node) for callback in callbacks for node in ast.walk(callback)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _called_name(node) in MAIL_CALLS and id(node) not in deferred
    ]


def plain_string_actions(source: str) -> list[int]:
    """Lines where ``record`` (or ``client_for``) is given an action name as a literal or f-string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _called_name(node) in {"record", "client_for"}:
            for keyword in node.keywords:
                if keyword.arg == "action" and isinstance(keyword.value, ast.Constant | ast.JoinedStr):
                    found.append(node.lineno)
    return found


def _python_files() -> list[Path]:
    return sorted(path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("path", ACTION_MODULES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_every_action_asks_the_policy_before_it_writes(path: Path) -> None:
    assert unchecked_actions(path.read_text()) == []


def test_mail_is_sent_only_after_commit() -> None:
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in _python_files()
        if (lines := mail_outside_on_commit(path.read_text()))
    }
    assert set(found) <= SENT_BY_THE_WORKER | NOTHING_WRITTEN


def test_audit_action_names_come_from_the_enum() -> None:
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in _python_files()
        if (lines := plain_string_actions(path.read_text()))
    }
    assert found == {}


# The checks themselves: each finds the mistake it is there for.

UNCHECKED = """
from alongside import policy

def _require(actor, client):
    if not policy.can(actor, "write", "plan", client):
        raise PermissionDenied

def _store(client):
    return Goal.objects.create(client=client)

def checked(actor, client):
    _require(actor, client)
    return Goal.objects.create(client=client)

def checks_too_late(actor, client):
    goal = Goal.objects.create(client=client)
    _require(actor, client)
    return goal

def never_checks(actor, client):
    record(organisation=client.organisation, actor=actor.user, action=AuditAction.PLAN_GOAL_CREATE)

def writes_through_a_helper(actor, client):
    return _store(client)

def only_reads(client):
    return Goal.objects.filter(client=client).first()
"""


def test_the_policy_check_finds_actions_that_write_first() -> None:
    assert unchecked_actions(UNCHECKED) == ["checks_too_late", "never_checks", "writes_through_a_helper"]


def test_a_call_of_a_name_imported_from_the_policy_counts_as_a_check() -> None:
    source = "from alongside.policy import can\n\ndef act(a, c):\n    if can(a, c):\n        c.save()\n"
    assert unchecked_actions(source) == []


MAIL = """
from django.core.mail import send_mail
from django.db import transaction

def at_once(to):
    send_mail("s", "m", None, [to])

def after_commit(to):
    def send():
        send_mail("s", "m", None, [to])

    transaction.on_commit(send)

def in_a_lambda(to):
    transaction.on_commit(lambda: send_mail("s", "m", None, [to]))

def defined_but_not_deferred(to):
    def send():
        send_mail("s", "m", None, [to])

    send()
"""


def test_the_mail_check_finds_mail_sent_inside_the_transaction() -> None:
    assert mail_outside_on_commit(MAIL) == [6, 19]


ACTION_NAMES = """
record(organisation=o, actor=None, action="plan.goal.create")
record(organisation=o, actor=None, action=f"plan.{kind}.status")
record(organisation=o, actor=None, action=AuditAction.PLAN_GOAL_CREATE)
policy.client_for(request, 1, Verb.READ, Area.PROFILE, action="read.shared")
"""


def test_the_action_name_check_finds_plain_strings() -> None:
    assert plain_string_actions(ACTION_NAMES) == [2, 3, 5]
