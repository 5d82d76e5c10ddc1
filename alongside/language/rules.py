"""Rule-based wording coach: finds stigmatizing, directive and judgmental wording and names what went well.

The engine scans words once and tries only the rules whose first word could start there, so time grows
linearly with the text and no pattern can backtrack over the whole input. It reads any length; how much
text the coach reads at once is decided in one place, alongside.language.limits.
"""

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from alongside.language.rule_table import RULES, Rule

CATEGORIES = ("stigmatizing", "directive", "judgmental", "autonomy_supportive")
_WORDING = frozenset({"stigmatizing", "judgmental"})

_WORD = re.compile(r"\w+")
_QUOTE_MAX = 2_000  # longest quotation, in characters between the marks
_CLOSERS = {'"': '"', "“": "”", "„": "“”", "«": "»"}
_OPENER = re.compile("[" + "".join(_CLOSERS) + "]")
_QUOTE_END = {opener: re.compile(f"[{closers}\n]") for opener, closers in _CLOSERS.items()}
_LEADING = re.compile(r"[a-z]+")


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
    """Quotations within one line, left to right, each from its opening mark to the first closing mark.

    A regex would look for the closing mark afresh after every opening mark, 2,000 characters each time
    for a run of marks that never close; remembering where the next closing mark (or line break) of each
    kind is makes the whole scan one pass.
    """
    spans: list[tuple[int, int]] = []
    next_end: dict[str, int] = {}
    position = 0
    while opening := _OPENER.search(text, position):
        start, mark = opening.start(), opening.group()
        end = next_end.get(mark, -1)
        if end <= start:
            found = _QUOTE_END[mark].search(text, start + 1)
            end = next_end[mark] = found.start() if found else len(text)
        if end < len(text) and text[end] != "\n" and end - start - 1 <= _QUOTE_MAX:
            spans.append((start, end + 1))
            position = end + 1
        else:
            position = start + 1
    return spans


def _outside_quotes(candidates: list[tuple[int, int, Finding]], text: str) -> list[tuple[int, int, Finding]]:
    """Candidates whose reported span is not inside a quotation (quotations are disjoint and in order)."""
    quoted = _quoted_spans(text)
    starts = [start for start, _ in quoted]

    def inside(finding: Finding) -> bool:
        last = bisect_right(starts, finding.start) - 1
        return last >= 0 and finding.end <= quoted[last][1]

    return [c for c in candidates if not inside(c[2])]


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
            chosen: list[tuple[int, int]] = []  # disjoint and in order, so only one neighbour can overlap
            for start, end, finding in sorted(group, key=lambda c: (c[0] - c[1], c[2].severity != "warning", c[0])):
                after = bisect_left(chosen, (end,))  # chosen spans that start before this one ends
                if after == 0 or chosen[after - 1][1] <= start:
                    chosen.insert(after, (start, end))
                    kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def analyse(text: str) -> list[Finding]:
    """Findings in text order; wording inside quotation marks (the client's own words) is left alone."""
    return _resolve(_outside_quotes(_candidates(text), text))
