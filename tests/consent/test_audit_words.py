"""Every audit action the code can write reads in plain words on "Who has seen my record".

The action names are found in the source rather than listed here, so a new action without words fails this
test. A name reaches ``audit.log.record`` through functions with an ``action`` parameter; the scan follows
those calls, literal names, ``x if c else y``, ``a or b``, local variables, and f-strings (a part that is the
function's own ``action`` wraps what its callers pass, like ``f"plan.{action}"``; any other part is a wildcard).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from alongside.consent.accesses import ACTION_WORDS

SOURCE = Path(__file__).resolve().parents[2] / "alongside"
WILDCARD = "[a-z_]+"


def _modules() -> dict[str, ast.Module]:
    return {str(path): ast.parse(path.read_text()) for path in SOURCE.rglob("*.py") if "migrations" not in path.parts}


def _functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def _parameters(function: ast.FunctionDef) -> list[str]:
    return [arg.arg for arg in function.args.posonlyargs + function.args.args + function.args.kwonlyargs]


def _assigned(function: ast.FunctionDef, name: str) -> list[ast.expr]:
    """What a local variable is given, also through unpacking a pair: ``action, kind = (a, k) if c else (b, j)``."""
    values: list[ast.expr] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == name:
                values.append(node.value)
            elif isinstance(target, ast.Tuple):
                names = [element.id for element in target.elts if isinstance(element, ast.Name)]
                if name in names:
                    values += _nth(node.value, names.index(name))
    return values


def _nth(value: ast.expr, index: int) -> list[ast.expr]:
    if isinstance(value, ast.IfExp):
        return _nth(value.body, index) + _nth(value.orelse, index)
    return [value.elts[index]] if isinstance(value, ast.Tuple) else []


def _patterns(value: ast.expr, function: ast.FunctionDef | None) -> set[str]:
    """Regular expressions for the names ``value`` can be; ``{action}`` marks the function's own parameter."""
    if isinstance(value, ast.Constant):
        return {re.escape(value.value)} if isinstance(value.value, str) else set()
    if isinstance(value, ast.IfExp):
        return _patterns(value.body, function) | _patterns(value.orelse, function)
    if isinstance(value, ast.BoolOp):
        return set().union(*(_patterns(operand, function) for operand in value.values))
    if isinstance(value, ast.JoinedStr):
        return {"".join(_fstring_part(part) for part in value.values)}
    if isinstance(value, ast.Name) and function is not None:
        if value.id == "action" and "action" in _parameters(function):
            return {"{action}"}
        return set().union(*(_patterns(assigned, function) for assigned in _assigned(function, value.id)))
    raise AssertionError(f"Cannot follow the audit action {ast.unparse(value)!r}: use a literal name.")


def _fstring_part(part: ast.expr) -> str:
    if isinstance(part, ast.Constant):
        return re.escape(str(part.value))
    assert isinstance(part, ast.FormattedValue)
    return "{action}" if isinstance(part.value, ast.Name) and part.value.id == "action" else WILDCARD


def _action_argument(call: ast.Call, position: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _functions_taking_action(modules: dict[str, ast.Module]) -> dict[tuple[str, str], int | None]:
    """(module, function) -> the position of its ``action`` parameter (None: keyword only)."""
    found: dict[tuple[str, str], int | None] = {}
    for module, tree in modules.items():
        for function in _functions(tree):
            positional = _parameters(function)[: len(function.args.posonlyargs + function.args.args)]
            if "action" in _parameters(function):
                found[module, function.name] = positional.index("action") if "action" in positional else None
    return found


def audit_action_patterns() -> set[str]:
    """Every action name the code can write, as regular expressions."""
    modules = _modules()
    takes_action = _functions_taking_action(modules)
    defined_in = {name: module for module, name in takes_action}
    passed: dict[tuple[str, str], set[str]] = defaultdict(set)  # what each function is given, from its callers
    wraps: dict[tuple[str, str], set[str]] = defaultdict(set)  # how it passes its ``action`` on
    for module, tree in modules.items():
        enclosing = {id(node): function for function in _functions(tree) for node in ast.walk(function)}
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            name = _callee(call)
            if name not in defined_in:
                continue
            key = (module, name) if (module, name) in takes_action else (defined_in[name], name)
            argument = _action_argument(call, takes_action[key])
            caller = enclosing.get(id(call))
            for pattern in _patterns(argument, caller) if argument is not None else set():
                if "{action}" in pattern and caller is not None:
                    wraps[module, caller.name].add(pattern)
                else:
                    passed[key].add(pattern)
    return set().union(*(_wrapped(key, patterns, wraps) for key, patterns in passed.items()))


def _wrapped(key: tuple[str, str], patterns: set[str], wraps: dict[tuple[str, str], set[str]]) -> set[str]:
    """What the names given to a function become once it passes them on (``f"plan.{action}"``), or themselves."""
    forms = wraps.get(key, set())
    return {form.replace("{action}", pattern) for form in forms for pattern in patterns} if forms else patterns


def test_the_scan_finds_the_actions_we_know() -> None:
    patterns = audit_action_patterns()
    for known in ("consent.grant", "plan.goal.create", "note.perspective.add", "checkin.skip", "read.accesses"):
        assert any(re.fullmatch(pattern, known) for pattern in patterns), known


def test_every_audit_action_has_plain_words() -> None:
    missing = {
        pattern for pattern in audit_action_patterns() if not any(re.fullmatch(pattern, n) for n in ACTION_WORDS)
    }
    assert not missing, f"Add plain words for these audit actions to consent/accesses.py ACTION_WORDS: {missing}"


def test_every_plain_words_entry_is_an_action_the_code_writes() -> None:
    patterns = audit_action_patterns()
    unused = {name for name in ACTION_WORDS if not any(re.fullmatch(pattern, name) for pattern in patterns)}
    assert not unused, f"No code writes these audit actions any more: {unused}"
