"""Every word a person reads can be read in Spanish (docs/translation.md).

Three checks, each listing exactly what is missing:
- templates: no visible text, and no text in an attribute a person meets (alt, title, placeholder, aria-label),
  outside ``{% translate %}`` / ``{% blocktranslate %}``;
- Python: messages, labels and choices shown to people are marked for translation (gettext), not plain strings;
- the Spanish catalogues: the strings marked anywhere, gathered afresh by ``makemessages`` from a copy of the code,
  all have a Spanish translation that is not fuzzy, and ``msgfmt --check`` accepts every catalogue (so a
  ``%(name)s`` is never lost in translation).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "alongside"
APPS = sorted(path.parent.name for path in SOURCE.glob("*/apps.py"))
# Names and codes that are the same in every language; never ordinary words.
NOT_WORDS = {
    "Alongside",
    "FHIR",
    "JSON",
    "CSV",
    "PDF",
    "R4B",
    "API",
    "OpenAPI",
    "HQ",
    "HF",
    "UTC",
    "English",
    "Español",
}
# Where people meet an attribute's words: read aloud, shown on hover or inside an empty field.
SPOKEN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "aria-roledescription"}
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
UNTRANSLATED_BLOCKS = re.compile(
    r"{%\s*(blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?|comment\b.*?%}.*?{%\s*endcomment)\s*%}",
    re.DOTALL,
)
WORD = re.compile(r"[^\W\d_]{2,}")


def words_in(text: str) -> list[str]:
    return [word for word in WORD.findall(text) if word not in NOT_WORDS]


class VisibleText(HTMLParser):
    """Collects text outside tags (except in script and style) and the words of spoken attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden_depth += 1
        self.found += [value for name, value in attrs if name in SPOKEN_ATTRIBUTES and value and words_in(value)]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth and words_in(data):
            self.found.append(" ".join(data.split()))


def untranslated_text(template: Path) -> list[str]:
    """What a person would read in English only: the template with every Django tag, variable, comment and
    translation block taken out, then read as HTML (or, for mail, as plain text)."""
    source = TEMPLATE_TAG.sub("", UNTRANSLATED_BLOCKS.sub("", template.read_text()))
    if template.suffix != ".html":
        return [" ".join(line.split()) for line in source.splitlines() if words_in(line)]
    parser = VisibleText()
    parser.feed(source)
    parser.close()
    return parser.found


def templates_of(app: str) -> list[Path]:
    return sorted(path for path in (SOURCE / app / "templates").rglob("*") if path.suffix in (".html", ".txt"))


@pytest.mark.parametrize("app", APPS)
def test_templates_have_no_untranslated_text(app: str) -> None:
    untranslated = {
        str(template.relative_to(SOURCE)): found
        for template in templates_of(app)
        if (found := untranslated_text(template))
    }
    assert not untranslated, "Mark these for translation ({% translate %} or {% blocktranslate %}):\n" + "\n".join(
        f"  {template}: {found[:5]}" for template, found in untranslated.items()
    )


# --- Python -------------------------------------------------------------------------------------------------
# Keyword arguments whose words people read: form and model labels, help, choices' empty label.
LABEL_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
# Calls whose first (or, for add_error and messages, second) argument is a message to a person.
MESSAGE_CALLS = {"ValidationError": 0, "add_error": 1, "require": 1, "HttpResponseBadRequest": 0}
MESSAGE_FUNCTIONS = {"success", "info", "warning", "error", "debug"}
# Code whose words only developers and operators read: the command line, and the database's history.
NOT_FOR_PEOPLE = ("migrations", "management")


def is_plain_text(node: ast.AST | None) -> bool:
    """A literal string with words, or an f-string: neither can be translated."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(words_in(node.value))


def call_name(call: ast.Call) -> str:
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def unmarked_strings(tree: ast.AST) -> list[int]:
    """Line numbers of plain strings where a person reads them."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = call_name(node)
            position = MESSAGE_CALLS.get(name, 1 if name in MESSAGE_FUNCTIONS and _is_messages(node) else None)
            if position is not None and len(node.args) > position and is_plain_text(node.args[position]):
                lines.append(node.lineno)
            lines += [kw.value.lineno for kw in node.keywords if kw.arg in LABEL_KEYWORDS and is_plain_text(kw.value)]
        elif isinstance(node, ast.ClassDef) and any(_is_choices(base) for base in node.bases):
            lines += [
                item.lineno
                for item in node.body
                if isinstance(item, ast.Assign)
                and isinstance(item.value, ast.Tuple)
                and is_plain_text(item.value.elts[-1])
            ]
    return sorted(lines)


def _is_messages(call: ast.Call) -> bool:
    function = call.func
    return isinstance(function, ast.Attribute) and getattr(function.value, "id", "") == "messages"


def _is_choices(base: ast.expr) -> bool:
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    return name in ("TextChoices", "IntegerChoices")


def python_of(app: str) -> list[Path]:
    return sorted(
        path
        for path in (SOURCE / app).rglob("*.py")
        if not any(part in NOT_FOR_PEOPLE for part in path.relative_to(SOURCE).parts[1:-1])
    )


@pytest.mark.parametrize("app", APPS)
def test_python_strings_people_read_are_marked(app: str) -> None:
    unmarked = {
        str(path.relative_to(SOURCE)): lines
        for path in python_of(app)
        if (lines := unmarked_strings(ast.parse(path.read_text())))
    }
    assert not unmarked, "Mark these for translation (gettext / gettext_lazy):\n" + "\n".join(
        f"  {path}: lines {lines}" for path, lines in unmarked.items()
    )


# --- The Spanish catalogues ---------------------------------------------------------------------------------
def gather_messages(into: Path) -> Path:
    """A copy of the code with its catalogues brought up to date by makemessages (run without settings, so
    nothing outside the copy is written)."""
    copy = into / "alongside"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    django_admin = Path(sys.executable).with_name("django-admin")
    command = [str(django_admin), "makemessages", "--locale", "es", "--no-obsolete", "--ignore", "formats/*"]
    environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    subprocess.run(command, cwd=copy, env=environment, check=True, capture_output=True, text=True)
    return copy


@pytest.fixture(scope="module")
def gathered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not shutil.which("msgfmt"):
        pytest.fail("GNU gettext (msgfmt, xgettext) is needed: sudo apt-get install gettext")
    return gather_messages(tmp_path_factory.mktemp("messages"))


def msgids(output: str) -> list[str]:
    """The message ids in a catalogue printed by msgattrib, header left out."""
    entries = re.findall(r'^msgid ((?:".*"\n)+)', output + "\n", re.MULTILINE)
    texts = ["".join(re.findall(r'"(.*)"', entry)) for entry in entries]
    return [text for text in texts if text]


def test_every_marked_string_has_a_spanish_translation(gathered: Path) -> None:
    missing = {}
    for catalogue in sorted(gathered.rglob("es/LC_MESSAGES/django.po")):
        for selection in ("--untranslated", "--only-fuzzy"):
            result = subprocess.run(
                ["msgattrib", selection, "--no-obsolete", str(catalogue)], capture_output=True, text=True, check=True
            )
            if found := msgids(result.stdout):
                missing[f"{catalogue.relative_to(gathered)} ({selection.strip('-')})"] = found
    assert not missing, "Translate these (make messages, then edit the .po file):\n" + "\n".join(
        f"  {where}: {found[:8]}{' …' if len(found) > 8 else ''}" for where, found in missing.items()
    )


def test_strings_are_gathered_from_every_place_they_are_marked(gathered: Path) -> None:
    """The language choice in every page's footer is marked; if it is not in the core catalogue, the check above
    would pass for the wrong reason."""
    core = (gathered / "core" / "locale" / "es" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgid "Language"' in core


def test_every_catalogue_compiles_cleanly() -> None:
    catalogues = sorted(SOURCE.rglob("locale/*/LC_MESSAGES/django.po"))
    assert catalogues
    for catalogue in catalogues:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{catalogue.relative_to(SOURCE)}:\n{result.stderr}"


def test_a_phrase_has_one_spanish_translation_across_apps() -> None:
    """Django merges every app's catalogue into one table per language, so the same English phrase translated two
    ways in two apps shows whichever app loads first, on both apps' pages. The same words meaning different things
    (a button's "Set aside" and a goal's status "Set aside") need a context (``pgettext``, ``context "…"``)."""
    catalogues = [str(path) for path in sorted(SOURCE.rglob("locale/es/LC_MESSAGES/django.po"))]
    merged = subprocess.run(["msgcat", "--more-than=1", *catalogues], capture_output=True, text=True, check=True)
    entries = merged.stdout.split("\n\n")
    conflicting = [msgids(entry)[0] for entry in entries if "#-#-#-#-#" in entry and msgids(entry)]
    assert not conflicting, "Translated differently in two apps (align them, or add a context):\n" + "\n".join(
        f"  {msgid}" for msgid in conflicting
    )
