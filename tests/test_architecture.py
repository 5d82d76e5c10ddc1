"""The architecture's rules, checked on the source so they stay true (docs/architecture.md lists them).

Each rule is a small function over source text that returns what breaks it; each is run on the whole code base,
and on a bad snippet to show that it can fail.

The request edge is where a request becomes a call: views, forms, the API, templates, management commands and
the request plumbing (middleware, context processors, template tags). The edge asks ``alongside.policy``; it
never decides access itself, so it neither compares roles nor filters by organisation. The other places may
filter by organisation, each for a reason:
- ``alongside/policy.py`` decides: every query scoped to an organisation on behalf of a person starts there;
- ``actions.py`` modules write rows stamped with their organisation, after the policy check;
- models, queries and the other domain modules receive an organisation or a client that a policy function (or
  an operator's command) has already chosen, and only scope their query by it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "alongside"

EDGE_MODULE = re.compile(
    r"(^|/)(views|\w+_views|forms|api|urls|middleware|context_processors)\.py$"
    r"|(^|/)(management/commands|templatetags)/\w+\.py$"
)
FILTERS = {"filter", "exclude", "get", "get_object_or_404", "get_list_or_404", "Q"}
ORGANISATION_LOOKUP = re.compile(r"(^|__)organisation(_id)?($|__)")
TEMPLATE_ROLE_TEST = re.compile(r"\.role\s*(==|!=|\bin\b)|(==|!=)\s*\w+\.role\b|\bis_staff_role\b")
VIEW_MODULE = re.compile(r"^alongside\.(\w+)\.(views|\w+_views)$")
# Installation-wide work stands above the apps like a management command: the demo orchestration runs every
# app's demo step; key rotation re-encrypts every app's free text and leaves an entry on every organisation's
# audit chain.
CORE_MAY_IMPORT_APPS = {
    "alongside/core/demo.py",
    "alongside/core/management/commands/demo.py",
    "alongside/core/actions.py",
    "alongside/core/management/commands/keys.py",
}


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def python_files() -> Iterator[Path]:
    return (path for path in sorted(PACKAGE.rglob("*.py")) if "migrations" not in path.parts)


def edge_files() -> Iterator[Path]:
    return (path for path in python_files() if EDGE_MODULE.search(relative(path)))


def templates() -> Iterator[Path]:
    return iter(sorted(PACKAGE.rglob("templates/**/*.html")))


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _is_role(node: ast.AST) -> bool:
    """``x.role``, ``x.is_staff_role`` or a member of ``Role`` (``Role.CLIENT``)."""
    if not isinstance(node, ast.Attribute):
        return False
    is_member = isinstance(node.value, ast.Name) and node.value.id == "Role" and node.attr.isupper()
    return node.attr in ("role", "is_staff_role") or is_member


def _tests_a_role(node: ast.Compare | ast.Attribute) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "is_staff_role"
    return any(map(_is_role, [node.left, *node.comparators]))


def role_tests(source: str) -> list[str]:
    """Comparisons with a role (``m.role == Role.CLIENT``, ``m.role != "client"``), and ``is_staff_role``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare | ast.Attribute) and _tests_a_role(node):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def _filters_by_organisation(call: ast.Call) -> bool:
    lookups = [keyword.arg for keyword in call.keywords if keyword.arg]
    return _name(call.func) in FILTERS and any(ORGANISATION_LOOKUP.search(lookup) for lookup in lookups)


def organisation_filters(source: str) -> list[str]:
    """Queries narrowed by organisation by hand: ``.filter(organisation_id=...)``, ``Q(client__organisation=...)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _filters_by_organisation(node):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:100]}")
    return found


def template_role_tests(text: str) -> list[str]:
    return [
        f"line {number}: {line.strip()[:100]}"
        for number, line in enumerate(text.splitlines(), 1)
        if TEMPLATE_ROLE_TEST.search(line)
    ]


def imported_modules(source: str, module: str) -> Iterator[str]:
    """Every module ``source`` (the module named ``module``) imports, with relative imports resolved."""
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def views_of_other_apps(source: str, module: str) -> list[str]:
    """Imports of another app's views: shared helpers belong in a module that is not a view."""
    app = module.split(".")[1]
    found = set()
    for imported in imported_modules(source, module):
        views = VIEW_MODULE.match(imported)
        if views and views[1] != app:
            found.add(imported)
    return sorted(found)


def app_imports_from_core(source: str, module: str) -> list[str]:
    """What a ``core`` module imports from the domain apps; core is the bottom layer and imports none of them."""
    allowed = ("alongside.core", "alongside.web")
    return sorted(
        {
            imported
            for imported in imported_modules(source, module)
            if imported.startswith("alongside.") and not imported.startswith(allowed)
        }
    )


def missing_app_name(source: str) -> bool:
    """A urls.py without ``app_name``: its URL names would share one global namespace with every other app's."""
    return not any(
        isinstance(node, ast.Assign) and any(_name(target) == "app_name" for target in node.targets)
        for node in ast.parse(source).body
    )


def module_name(path: Path) -> str:
    return relative(path).removesuffix(".py").replace("/", ".")


def everywhere(check: object, files: Iterator[Path]) -> dict[str, list[str]]:
    assert callable(check)
    found = {relative(path): check(path.read_text()) for path in files}
    return {path: problems for path, problems in found.items() if problems}


# --- The rules, on the whole code base ----------------------------------------------------------------------


def test_the_edge_covers_every_app() -> None:
    """The checks below would pass on nothing: make sure they see the views, forms and templates."""
    edge = {relative(path) for path in edge_files()}
    assert {"alongside/plans/views.py", "alongside/consent/forms.py", "alongside/home/views.py"} <= edge
    assert "alongside/interop/management/commands/fhir.py" in edge
    assert "alongside/policy.py" not in edge
    assert len(list(templates())) > 50


def test_the_edge_never_tests_a_role() -> None:
    assert everywhere(role_tests, edge_files()) == {}, "ask alongside.policy (a can_* function) instead"


def test_the_edge_never_filters_by_organisation() -> None:
    assert everywhere(organisation_filters, edge_files()) == {}, "let a policy function return the scoped query"


def test_templates_never_test_a_role() -> None:
    assert everywhere(template_role_tests, templates()) == {}, "give the template a can_* flag from the policy"


def test_no_app_imports_another_apps_views() -> None:
    found = {}
    for path in python_files():
        if path.parent != PACKAGE and (problems := views_of_other_apps(path.read_text(), module_name(path))):
            found[relative(path)] = problems
    assert found == {}, "move what is shared into a module that is not a view (queries.py, policy.py, web.py)"


def test_core_imports_no_app() -> None:
    found = {}
    for path in (PACKAGE / "core").rglob("*.py"):
        problems = app_imports_from_core(path.read_text(), module_name(path))
        if problems and relative(path) not in CORE_MAY_IMPORT_APPS:
            found[relative(path)] = problems
    assert found == {}, "core is the bottom layer: what needs the apps belongs in the app itself or in home"


def test_every_urls_module_has_a_namespace() -> None:
    urls = list(PACKAGE.glob("*/urls.py"))
    assert len(urls) >= 10
    assert [relative(path) for path in urls if missing_app_name(path.read_text())] == []


# --- Each rule can fail -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "if membership.role == Role.CLIENT: pass",
        "if me is None or me.role != 'client': pass",
        "ok = actor.role in (Role.SUPERVISOR, Role.ADMIN)",
        "ok = Role.ADMIN == actor.role",
        "ok = membership.is_staff_role",
    ],
)
def test_role_tests_are_found(snippet: str) -> None:
    assert role_tests(snippet)


def test_role_values_and_role_filters_are_not_role_tests() -> None:
    assert role_tests("if role in Role.values: members = members.filter(role=role)") == []


@pytest.mark.parametrize(
    "snippet",
    [
        "Membership.objects.filter(organisation_id=actor.organisation_id)",
        "Export.objects.filter(pk=1, organisation=actor.organisation)",
        "get_object_or_404(Membership, pk=1, organisation_id=admin.organisation_id)",
        "Meeting.objects.exclude(client__organisation=organisation)",
        "Q(organisation__slug='demo')",
    ],
)
def test_organisation_filters_are_found(snippet: str) -> None:
    assert organisation_filters(snippet)


def test_a_write_stamped_with_its_organisation_is_not_a_filter() -> None:
    assert organisation_filters("Consent.objects.create(organisation=client.organisation, client=client)") == []


@pytest.mark.parametrize(
    "snippet",
    [
        '{% if membership.role == "supervisor" %}',
        '{% if membership and membership.role != "client" %}',
        '{% if "admin" == member.role %}',
        "{% if membership.is_staff_role %}",
    ],
)
def test_template_role_tests_are_found(snippet: str) -> None:
    assert template_role_tests(snippet)


def test_showing_a_role_is_not_testing_it() -> None:
    assert template_role_tests("{{ membership.get_role_display }} · {% if can_view_team %}Team{% endif %}") == []


@pytest.mark.parametrize(
    "snippet",
    [
        "from alongside.meetings.views import supporter_for",
        "from alongside.meetings import views",
        "import alongside.reports.dashboard_views",
        "from ..meetings.views import supporter_for",
    ],
)
def test_imports_of_another_apps_views_are_found(snippet: str) -> None:
    assert views_of_other_apps(snippet, "alongside.feedback.views")


def test_an_app_may_import_its_own_views() -> None:
    assert views_of_other_apps("from . import views\nfrom .views import x", "alongside.feedback.urls") == []


def test_core_importing_an_app_is_found() -> None:
    assert app_imports_from_core("from alongside.feedback.queries import open_checkins", "alongside.core.views")
    assert app_imports_from_core("from alongside.web import acting", "alongside.core.views") == []


def test_a_urls_module_without_app_name_is_found() -> None:
    assert missing_app_name("urlpatterns = []")
    assert not missing_app_name('app_name = "plans"\nurlpatterns = []')
