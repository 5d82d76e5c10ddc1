"""Rule-based wording coach: finds stigmatizing, directive and judgmental wording and names what went well.

The engine scans words once and tries only the rules whose first word could start there, so time grows
linearly with the text and no pattern can backtrack over the whole input.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from alongside.language.rule_table import RULES, Rule

MAX_TEXT_CHARS = 200_000
"""Longest text analysed at once (about 35,000 words, far beyond any note); longer input is refused."""

CATEGORIES = ("stigmatizing", "directive", "judgmental", "autonomy_supportive")
_WORDING = frozenset({"stigmatizing", "judgmental"})

_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r'"[^"\n]{0,2000}"|“[^”\n]{0,2000}”|„[^“”\n]{0,2000}[“”]|«[^»\n]{0,2000}»')
_LEADING = re.compile(r"[a-z]+")


class TextTooLong(ValueError):
    """The text is longer than MAX_TEXT_CHARS; split it (for example by paragraph) first."""


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    category: str
    explanation: str
    alternatives: tuple[str, ...]
    source: str
    severity: str = "warning"


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    regex: re.Pattern[str]
    skip_before: re.Pattern[str] | None


def _translate(pattern: str) -> str:
    """Outside character classes, a space means any whitespace and ' means either apostrophe."""
    out, in_class = [], False
    for i, char in enumerate(pattern):
        escaped = i > 0 and pattern[i - 1] == "\\"
        if char == "[" and not escaped:
            in_class = True
        elif char == "]" and not escaped:
            in_class = False
        if not in_class and char == " ":
            out.append(r"\s+")
        elif not in_class and char == "'":
            out.append("['’]")
        else:
            out.append(char)
    return "".join(out) + r"(?!\w)"


def _alternatives(pattern: str) -> list[str]:
    """Top-level branches of a leading (?:...) group, each followed by the rest of the pattern."""
    if not pattern.startswith("(?:"):
        return [pattern]
    depth, start = 0, 3
    branches: list[str] = []
    for i, char in enumerate(pattern):
        if char == "(" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif char == ")" and pattern[i - 1 : i] != "\\":
            depth -= 1
            if depth == 0:
                if pattern[i + 1 : i + 2] in ("?", "*"):
                    raise ValueError(f"rule pattern may not start with an optional group: {pattern!r}")
                return [b + pattern[i + 1 :] for b in [*branches, pattern[start:i]]]
        elif char == "|" and depth == 1:
            branches.append(pattern[start:i])
            start = i + 1
    raise ValueError(f"unbalanced rule pattern: {pattern!r}")


def _key(word: str) -> str:
    return word[:2].lower()


def dispatch_keys(pattern: str) -> set[str]:
    """The first-two-letter keys of every word a pattern can start at; refuses patterns it can't key."""
    keys = set()
    for branch in _alternatives(pattern):
        letters = _LEADING.match(branch.lower())
        if not letters or (len(letters.group()) < 2 and branch[1:2].isalpha()):
            raise ValueError(f"rule pattern must start with a literal word: {pattern!r}")
        keys.add(_key(letters.group()))
    return keys


def _compile(rules: tuple[Rule, ...]) -> dict[str, list[_Compiled]]:
    table: dict[str, list[_Compiled]] = defaultdict(list)
    for rule in rules:
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        skip = re.compile(rule.skip_before, re.IGNORECASE) if rule.skip_before else None
        for pattern in rule.patterns:
            compiled = _Compiled(rule, re.compile(_translate(pattern), flags), skip)
            for key in dispatch_keys(pattern):
                table[key].append(compiled)
    return dict(table)


_TABLE = _compile(RULES)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)]


def _inside(span: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in quoted)


def _candidates(text: str) -> list[tuple[int, int, Finding]]:
    """Every rule match as (full start, full end, finding with the reported span)."""
    found = []
    for word in _WORD.finditer(text):
        for compiled in _TABLE.get(_key(word.group()), ()):
            match = compiled.regex.match(text, word.start())
            if not match:
                continue
            if compiled.skip_before and compiled.skip_before.search(text[max(0, match.start() - 40) : match.start()]):
                continue
            start, end = match.span("hit") if "hit" in compiled.regex.groupindex else match.span()
            rule = compiled.rule
            finding = Finding(
                start,
                end,
                text[start:end],
                rule.category,
                rule.explanation,
                rule.alternatives,
                rule.source,
                rule.severity,
            )
            found.append((match.start(), match.end(), finding))
    return found


def _clusters(candidates: list[tuple[int, int, Finding]]) -> list[list[tuple[int, int, Finding]]]:
    """Groups of transitively overlapping matches, so resolving stays linear in the text length."""
    groups: list[list[tuple[int, int, Finding]]] = []
    reach = -1
    for candidate in sorted(candidates, key=lambda c: c[0]):
        if candidate[0] >= reach:
            groups.append([])
        groups[-1].append(candidate)
        reach = max(reach, candidate[1])
    return groups


def _resolve(candidates: list[tuple[int, int, Finding]]) -> list[Finding]:
    """Keep the longest match where matches of one layer overlap.

    Word choice (stigmatizing, judgmental) and speech acts (directive, autonomy-supportive) are separate
    layers: an open question may contain a stigmatizing word and both are reported.
    """
    kept: list[Finding] = []
    for layer in (True, False):
        for group in _clusters([c for c in candidates if (c[2].category in _WORDING) == layer]):
            chosen: list[tuple[int, int]] = []
            for start, end, finding in sorted(group, key=lambda c: (c[0] - c[1], c[2].severity != "warning", c[0])):
                if all(end <= s or e <= start for s, e in chosen):
                    chosen.append((start, end))
                    kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def analyse(text: str) -> list[Finding]:
    """Findings in text order; wording inside quotation marks (the client's own words) is left alone."""
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLong(f"text has {len(text):,} characters; the coach reads at most {MAX_TEXT_CHARS:,} at once")
    quoted = _quoted_spans(text)
    return _resolve([c for c in _candidates(text) if not _inside((c[2].start, c[2].end), quoted)])
