"""The check-in definition format: a FHIR-Questionnaire-like JSON document, checked with plain messages.

A definition names its items (``linkId``, ``text``, ``type`` integer or text), the answer scales the
integer items use, how often it is offered, how it is scored (a sum), its cut-off and reliability where
known, whether it is a validated instrument, and its citation and licence. ``docs/meetings-and-feedback.md``
describes every field. Parsing collects every problem at once so an admin can fix a file in one go.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from .scoring import PromptRule, Reliability

PURPOSES = ("session", "wellbeing", "recovery", "other")
MAX_ITEMS = 60
MAX_TEXT_ANSWER = 2000
MAX_DEFINITION_BYTES = 100_000


@dataclass(frozen=True)
class Scale:
    low: int
    high: int
    labels: dict[int, str]

    def choices(self) -> list[tuple[int, str]]:
        return [(value, self.labels.get(value, "")) for value in range(self.low, self.high + 1)]

    @property
    def wide(self) -> bool:
        """Long scales show numbers only, with the end labels beneath; short ones label every choice."""
        return self.high - self.low > 6

    @property
    def low_label(self) -> str:
        return self.labels.get(self.low, "")

    @property
    def high_label(self) -> str:
        return self.labels.get(self.high, "")


@dataclass(frozen=True)
class Item:
    link_id: str
    text: str
    kind: str  # "integer" or "text"
    required: bool
    scale: Scale | None = None
    max_length: int = MAX_TEXT_ANSWER


@dataclass(frozen=True)
class Definition:
    name: str
    version: str
    title: str
    purpose: str
    description: str
    validated: bool
    citation: str
    copyright: str
    items: list[Item]
    higher_is_better: bool
    cutoff: float | None
    cutoff_label: str
    reliability: Reliability
    prompt_rules: list[PromptRule]
    after_meeting: bool
    every_days: int | None
    scored: list[Item] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scored", [item for item in self.items if item.kind == "integer"])

    @property
    def lowest(self) -> int:
        return sum(item.scale.low for item in self.scored if item.scale)

    @property
    def highest(self) -> int:
        return sum(item.scale.high for item in self.scored if item.scale)

    def clean_answers(self, raw: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
        """Check submitted answers against the items; every problem is reported, nothing is half accepted."""
        scores: dict[str, int] = {}
        texts: dict[str, str] = {}
        problems: dict[str, str] = {}
        for item in self.items:
            value = raw.get(item.link_id)
            value = "" if value is None else str(value).strip()
            if item.kind == "text":
                if len(value) > item.max_length:
                    problems[item.link_id] = f"Please keep this to {item.max_length:,} characters or fewer."
                elif value:
                    texts[item.link_id] = value
                continue
            assert item.scale is not None  # noqa: S101 - parse() guarantees every integer item has a scale
            if not value:
                problems[item.link_id] = "Please choose an answer for this one (or skip the whole check-in)."
            elif not value.lstrip("-").isdigit() or not item.scale.low <= int(value) <= item.scale.high:
                problems[item.link_id] = f"Please choose a whole number from {item.scale.low} to {item.scale.high}."
            else:
                scores[item.link_id] = int(value)
        if problems:
            raise ValidationError(problems)
        return scores, texts


class _Problems:
    """Collects messages while walking a definition, so the admin sees every problem at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True, limit: int = 4000) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(f'{where}: "{key}" must be {"non-empty " if required else ""}text.')
            return ""
        if len(value) > limit:
            self.add(f'{where}: "{key}" is longer than {limit:,} characters.')
        return value.strip()

    def number(self, data: Mapping[str, Any], key: str, where: str) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f'{where}: "{key}" must be a number or null.')
            return None
        return float(value)


def _scale(name: str, data: Any, problems: _Problems) -> Scale | None:
    where = f'answer scale "{name}"'
    if not isinstance(data, dict):
        problems.add(f"{where} must be an object with min and max.")
        return None
    low, high = data.get("min"), data.get("max")
    if not (isinstance(low, int) and isinstance(high, int)) or isinstance(low, bool) or not 0 <= high - low <= 20:
        problems.add(f'{where}: "min" and "max" must be whole numbers, min ≤ max, at most 21 steps.')
        return None
    labels = data.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(text, str) for text in labels.values()):
        problems.add(f'{where}: "labels" must map numbers to text.')
        return None
    try:
        parsed = {int(value): text for value, text in labels.items()}
    except ValueError:
        problems.add(f'{where}: every key in "labels" must be a number.')
        return None
    if any(not low <= value <= high for value in parsed):
        problems.add(f"{where}: a label is outside {low} to {high}.")
    return Scale(low, high, parsed)


def _item(index: int, data: Any, scales: dict[str, Scale], problems: _Problems) -> Item | None:
    where = f"item {index}"
    if not isinstance(data, dict):
        problems.add(f"{where} must be an object.")
        return None
    link_id = problems.text(data, "linkId", where, limit=40)
    where = f'item {index} ("{link_id}")' if link_id else where
    text = problems.text(data, "text", where, limit=500)
    kind = data.get("type")
    required = data.get("required", False)
    if not isinstance(required, bool):
        problems.add(f'{where}: "required" must be true or false.')
    if kind == "text":
        limit = data.get("maxLength", MAX_TEXT_ANSWER)
        if not isinstance(limit, int) or not 1 <= limit <= MAX_TEXT_ANSWER:
            problems.add(f'{where}: "maxLength" must be a whole number from 1 to {MAX_TEXT_ANSWER}.')
            limit = MAX_TEXT_ANSWER
        return Item(link_id, text, "text", bool(required), max_length=limit)
    if kind != "integer":
        problems.add(f'{where}: "type" must be "integer" or "text".')
        return None
    scale = scales.get(str(data.get("answerScale")))
    if scale is None:
        problems.add(f'{where}: "answerScale" names {data.get("answerScale")!r}, which is not in "answerScales".')
    if required is not True:
        problems.add(f"{where}: scored items must be required, or totals could not be compared.")
    return Item(link_id, text, "integer", True, scale=scale)


def _scoring(data: Any, problems: _Problems) -> tuple[bool, float | None, str, Reliability, list[PromptRule]]:
    if not isinstance(data, dict) or data.get("method") != "sum":
        problems.add('"scoring" must be an object with "method": "sum".')
        return True, None, "", Reliability(), []
    higher_is_better = data.get("higherIsBetter", True)
    if not isinstance(higher_is_better, bool):
        problems.add('scoring: "higherIsBetter" must be true or false.')
    cutoff = data.get("cutoff") or {}
    cutoff_value = problems.number(cutoff, "value", "scoring cutoff") if isinstance(cutoff, dict) else None
    cutoff_label = problems.text(cutoff, "label", "scoring cutoff", required=False) if cutoff else ""
    raw = data.get("reliability") or {}
    reliability = Reliability()
    if isinstance(raw, dict):
        r, sd = problems.number(raw, "r", "scoring reliability"), problems.number(raw, "sd", "scoring reliability")
        if r is not None and not 0 <= r < 1:
            problems.add('scoring reliability: "r" must be at least 0 and below 1.')
        if sd is not None and sd <= 0:
            problems.add('scoring reliability: "sd" must be above 0.')
        reliability = Reliability(r, sd, problems.text(raw, "source", "scoring reliability", required=False))
    rules = []
    for rule in data.get("prompts", []):
        try:
            rules.append(PromptRule(rule))
        except ValueError:
            problems.add(f"scoring: unknown prompt rule {rule!r}; known: {', '.join(PromptRule)}.")
    if PromptRule.BELOW_CUTOFF in rules and cutoff_value is None:
        problems.add('scoring: the "below-cutoff" prompt needs a cutoff value.')
    return bool(higher_is_better), cutoff_value, cutoff_label, reliability, rules


def _offer(data: Any, problems: _Problems) -> tuple[bool, int | None]:
    if not isinstance(data, dict):
        problems.add('"offer" must be {"afterMeeting": true} or {"everyDays": N}.')
        return False, None
    after_meeting, every_days = data.get("afterMeeting", False) is True, data.get("everyDays")
    if every_days is not None and (not isinstance(every_days, int) or not 1 <= every_days <= 366):
        problems.add('offer: "everyDays" must be a whole number of days from 1 to 366.')
        every_days = None
    if after_meeting == (every_days is not None):
        problems.add('offer: give exactly one of "afterMeeting": true or "everyDays".')
    return after_meeting, every_days


def parse(data: Any) -> Definition:
    """Turn a decoded JSON document into a Definition, or raise ValidationError listing every problem."""
    problems = _Problems()
    if not isinstance(data, dict) or data.get("resourceType") != "Questionnaire":
        raise ValidationError('This is not a check-in definition: it needs "resourceType": "Questionnaire".')
    name = problems.text(data, "name", "definition", limit=80)
    if name and not all(ch.isalnum() or ch == "-" for ch in name):
        problems.add('definition: "name" may only hold letters, digits and hyphens.')
    purpose = data.get("purpose")
    if purpose not in PURPOSES:
        problems.add(f'definition: "purpose" must be one of {", ".join(PURPOSES)}.')
    validated = data.get("validated")
    if not isinstance(validated, bool):
        problems.add('definition: "validated" must be true or false.')
    raw_scales = data.get("answerScales", {})
    if not isinstance(raw_scales, dict):
        problems.add('"answerScales" must be an object.')
        raw_scales = {}
    scales = {name: scale for name, raw in raw_scales.items() if (scale := _scale(name, raw, problems))}
    raw_items = data.get("item")
    if not isinstance(raw_items, list) or not 1 <= len(raw_items) <= MAX_ITEMS:
        problems.add(f'"item" must be a list of 1 to {MAX_ITEMS} items.')
        raw_items = []
    items = [item for index, raw in enumerate(raw_items, 1) if (item := _item(index, raw, scales, problems))]
    link_ids = [item.link_id for item in items]
    if len(set(link_ids)) != len(link_ids):
        problems.add("Every item needs its own linkId; some appear twice.")
    if items and not any(item.kind == "integer" for item in items):
        problems.add("A check-in needs at least one scored (integer) item.")
    higher_is_better, cutoff, cutoff_label, reliability, rules = _scoring(data.get("scoring"), problems)
    after_meeting, every_days = _offer(data.get("offer"), problems)
    definition = Definition(
        name=name,
        version=problems.text(data, "version", "definition", limit=20),
        title=problems.text(data, "title", "definition", limit=200),
        purpose=str(purpose),
        description=problems.text(data, "description", "definition", required=False),
        validated=bool(validated),
        citation=problems.text(data, "citation", "definition", required=False),
        copyright=problems.text(data, "copyright", "definition"),
        items=items,
        higher_is_better=higher_is_better,
        cutoff=cutoff,
        cutoff_label=cutoff_label,
        reliability=reliability,
        prompt_rules=rules,
        after_meeting=after_meeting,
        every_days=every_days,
    )
    if problems.messages:
        raise ValidationError(problems.messages)
    return definition


def parse_bytes(content: bytes) -> tuple[dict[str, Any], Definition]:
    """Decode an uploaded file and parse it; errors say what is wrong in plain words."""
    if len(content) > MAX_DEFINITION_BYTES:
        raise ValidationError(f"The file is larger than {MAX_DEFINITION_BYTES // 1000} KB; definitions are small.")
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValidationError("The file is not UTF-8 text. Please save it as UTF-8 JSON.") from error
    except json.JSONDecodeError as error:
        raise ValidationError(f"The file is not valid JSON: {error.msg} at line {error.lineno}.") from error
    return data, parse(data)
