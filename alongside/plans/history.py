"""Snapshots of an item's wording, and readable word-level differences between two of them."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Goal, LifeArea, Revision, Status, Step

GOAL_FIELDS = ("text", "why", "life_area", "strengths", "supports", "target_date")
STEP_FIELDS = ("text",)
WORDING_FIELDS = {"text", "why", "life_area", "strengths", "supports", "target_date"}
FIELD_LABELS = {
    "text": _("Wording"),
    "why": _("Why this matters"),
    "life_area": _("Life area"),
    "strengths": _("Strengths"),
    "supports": _("Supports"),
    "target_date": _("Target date"),
    "status": _("Status"),
}
WORD = re.compile(r"\s+|[^\s]+")


def snapshot(item: Goal | Step) -> str:
    """The item's wording and status as JSON, stored encrypted in ``Revision.snapshot``."""
    fields = GOAL_FIELDS if isinstance(item, Goal) else STEP_FIELDS
    values: dict[str, Any] = {name: getattr(item, name) for name in fields}
    if "target_date" in values:
        values["target_date"] = values["target_date"].isoformat() if values["target_date"] else ""
    values["status"] = item.status
    return json.dumps(values, sort_keys=True)


def wording(revision: Revision) -> dict[str, str]:
    """The fields a restore puts back: everything but the status."""
    return {name: value for name, value in json.loads(revision.snapshot).items() if name in WORDING_FIELDS}


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str | Promise
    segments: list[Segment]


def _shown(name: str, value: str) -> str:
    if name == "status":
        return str(Status(value).label) if value else ""
    if name == "life_area":
        return str(LifeArea(value).label) if value else gettext("(none)")
    if name == "target_date" and value:
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return value


def word_diff(old: str, new: str) -> list[Segment]:
    before, after = WORD.findall(old), WORD.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("removed", "".join(before[a1:a2])))
        if b2 > b1:
            segments.append(Segment("added", "".join(after[b1:b2])))
    return segments


def changes(previous: str | None, current: str) -> list[FieldChange]:
    """What changed between two snapshots, field by field; against nothing, everything is added."""
    old = json.loads(previous) if previous else {}
    new = json.loads(current)
    found = []
    for name, label in FIELD_LABELS.items():
        before, after = _shown(name, old.get(name, "")), _shown(name, new.get(name, ""))
        if name in new and before != after:
            found.append(FieldChange(label, word_diff(before, after)))
    return found
