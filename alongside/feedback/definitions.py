"""The check-in definition format: a FHIR-Questionnaire-like JSON document, checked with plain messages.

A definition names its items (``linkId``, ``text``, ``type`` integer or text), the answer scales the
integer items use, how often it is offered, how it is scored (a sum), its cut-off and reliability where
known, whether it is a validated instrument, and its citation and licence. ``docs/meetings-and-feedback.md``
describes every field. The format is checked by pydantic models (``_DefinitionInput`` and its parts) whose
messages are ours, in plain words; every problem is listed at once so an admin can fix a file in one go.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationInfo, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

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
    scale_name: str = ""  # the answer scale's name in the definition, to find its labels' translation


@dataclass(frozen=True)
class Translation:
    """A definition's words in another language (``"translations": {"es": {…}}`` in its file).

    For a check-in of our own every item and answer label is translated. A validated instrument is valid only
    in the wording that was tested, so its translation holds only the words around the items (title,
    description, cut-off and reliability texts); its items and answer labels stay as tested.
    """

    title: str
    description: str = ""
    copyright: str = ""
    items: dict[str, str] = field(default_factory=dict)  # linkId: text
    labels: dict[str, dict[int, str]] = field(default_factory=dict)  # answer scale: {value: label}
    cutoff_label: str = ""
    reliability_source: str = ""


def active_language() -> str:
    """The language of the page or message being made now, as a bare code ("es" for "es-mx")."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


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
    reliability: Reliability  # as published only: ask reliability.reliability_for for the figures to use
    prompt_rules: list[PromptRule]
    after_meeting: bool
    every_days: int | None
    translations: dict[str, Translation] = field(default_factory=dict)
    # The language the words are in, and whether the items were kept in their original (English) wording for
    # someone reading another language: a validated instrument's tested wording, or a definition without
    # a translation into that language.
    language: str = "en"
    items_in_original: bool = False
    scored: list[Item] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scored", [item for item in self.items if item.kind == "integer"])

    def in_language(self, language: str) -> Definition:
        """This definition as a person reading ``language`` sees it. English is the original wording."""
        language = language.split("-")[0].lower()
        if language == "en" or self.language == language:
            return self
        translation = self.translations.get(language)
        if translation is None:
            return replace(self, items_in_original=True)
        items = [
            replace(
                item,
                text=translation.items.get(item.link_id, item.text),
                scale=_translated_scale(item.scale, translation.labels.get(item.scale_name, {})),
            )
            for item in self.items
        ]
        return replace(
            self,
            title=translation.title,
            description=translation.description or self.description,
            copyright=translation.copyright or self.copyright,
            items=items,
            cutoff_label=translation.cutoff_label or self.cutoff_label,
            reliability=replace(self.reliability, source=translation.reliability_source or self.reliability.source),
            language=language,
            items_in_original=self.validated or not translation.items,
        )

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
                    problems[item.link_id] = _("Please keep this to %(limit)s characters or fewer.") % {
                        "limit": number_format(item.max_length, force_grouping=True)
                    }
                elif value:
                    texts[item.link_id] = value
                continue
            assert item.scale is not None  # noqa: S101 - parse() guarantees every integer item has a scale
            if not value:
                problems[item.link_id] = _("Please choose an answer for this one (or skip the whole check-in).")
            elif not value.lstrip("-").isdigit() or not item.scale.low <= int(value) <= item.scale.high:
                problems[item.link_id] = _("Please choose a whole number from %(low)s to %(high)s.") % {
                    "low": item.scale.low,
                    "high": item.scale.high,
                }
            else:
                scores[item.link_id] = int(value)
        if problems:
            raise ValidationError(problems)
        return scores, texts


def _translated_scale(scale: Scale | None, labels: dict[int, str]) -> Scale | None:
    if scale is None or not labels:
        return scale
    return Scale(scale.low, scale.high, {value: labels.get(value, text) for value, text in scale.labels.items()})


def _problem(message: str) -> PydanticCustomError:
    """A problem in our words. One starting with ": " or " " follows the place it was found (``_where``)."""
    return PydanticCustomError("definition", message)


def _text(value: Any, info: ValidationInfo) -> str:
    """Text fields: ``TEXTS`` gives each one's key in the file, its longest length and whether it is required."""
    key, limit, required = TEXTS[info.field_name or ""]
    if not isinstance(value, str) or (required and not value.strip()):
        message = _(': "%(key)s" must be non-empty text.') if required else _(': "%(key)s" must be text.')
        raise _problem(message % {"key": key})
    if len(value) > limit:
        raise _problem(_(': "%(key)s" is longer than %(limit)s characters.') % {"key": key, "limit": _count(limit)})
    return value.strip()


TEXTS = {
    "name": ("name", 80, True),
    "version": ("version", 20, True),
    "title": ("title", 200, True),
    "description": ("description", 4000, False),
    "citation": ("citation", 4000, False),
    "copyright": ("copyright", 4000, True),
    "link_id": ("linkId", 40, True),
    "text": ("text", 500, True),
    "label": ("label", 4000, False),
    "source": ("source", 4000, False),
}


def _boolean(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise _problem(_(': "%(key)s" must be true or false.') % {"key": key})
    return value


def _number(value: Any, info: ValidationInfo) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _problem(_(': "%(key)s" must be a number or null.') % {"key": info.field_name})
    return float(value)


def _whole(value: Any, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _problem(message)
    return value


def _text_field(alias: str | None = None) -> Any:
    return Field(default="", alias=alias, validate_default=True)


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _ScaleInput(_Input):
    low: Any = Field(default=None, alias="min")
    high: Any = Field(default=None, alias="max")
    labels: Any = {}

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise _problem(_(" must be an object with min and max."))
        return data

    @model_validator(mode="after")
    def _range(self) -> _ScaleInput:
        low, high = self.low, self.high
        if not (type(low) is int and type(high) is int and 0 <= high - low <= 20):
            raise _problem(_(': "min" and "max" must be whole numbers, min ≤ max, at most 21 steps.'))
        if not isinstance(self.labels, dict) or not all(isinstance(text, str) for text in self.labels.values()):
            raise _problem(_(': "labels" must map numbers to text.'))
        try:
            self.scale()
        except ValueError:
            raise _problem(_(': every key in "labels" must be a number.')) from None
        return self

    def scale(self) -> Scale:
        return Scale(self.low, self.high, {int(value): text for value, text in self.labels.items()})


class _ItemInput(_Input):
    """Fields in checking order: the later checks read ``type`` from the ones before (``info.data``)."""

    kind: str | None = Field(default=None, alias="type", validate_default=True)
    link_id: str = _text_field("linkId")
    text: str = _text_field()
    required: bool = Field(default=False, validate_default=True)
    max_length: int = Field(default=MAX_TEXT_ANSWER, alias="maxLength")
    answer_scale: Scale | None = Field(default=None, alias="answerScale", validate_default=True)

    _texts = field_validator("link_id", "text", mode="plain")(_text)

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise _problem(_(" must be an object."))
        return data

    @field_validator("kind", mode="plain")
    @classmethod
    def _kind(cls, kind: Any) -> str:
        if kind not in ("integer", "text") or not isinstance(kind, str):
            raise _problem(_(': "type" must be "integer" or "text".'))
        return kind

    @field_validator("required", mode="plain")
    @classmethod
    def _required(cls, required: Any) -> bool:
        return _boolean(required, "required")

    @field_validator("max_length", mode="plain")
    @classmethod
    def _max_length(cls, limit: Any, info: ValidationInfo) -> int:
        if info.data.get("kind") != "text":
            return MAX_TEXT_ANSWER
        return _whole(limit, 1, MAX_TEXT_ANSWER, f': "maxLength" must be a whole number from 1 to {MAX_TEXT_ANSWER}.')

    @field_validator("answer_scale", mode="plain")
    @classmethod
    def _known_scale(cls, name: Any, info: ValidationInfo) -> Scale | None:
        if info.data.get("kind") != "integer":
            return None
        scale: Scale | None = (info.context or {}).get(str(name))
        if scale is None:
            raise _problem(_(': "answerScale" names %(name)s, which is not in "answerScales".') % {"name": repr(name)})
        return scale

    def item(self) -> Item:
        if self.kind == "text":
            return Item(self.link_id, self.text, "text", self.required, max_length=self.max_length)
        return Item(self.link_id, self.text, "integer", True, scale=self.answer_scale)


class _CutoffInput(_Input):
    value: float | None = None
    label: str = _text_field()

    _value = field_validator("value", mode="plain")(_number)
    _label = field_validator("label", mode="plain")(_text)


class _ReliabilityInput(_Input):
    r: float | None = None
    sd: float | None = None
    source: str = _text_field()

    _numbers = field_validator("r", "sd", mode="plain")(_number)
    _source = field_validator("source", mode="plain")(_text)

    @field_validator("r")
    @classmethod
    def _r(cls, r: float | None) -> float | None:
        if r is not None and not 0 <= r < 1:
            raise _problem(_(': "r" must be at least 0 and below 1.'))
        return r

    @field_validator("sd")
    @classmethod
    def _sd(cls, sd: float | None) -> float | None:
        if sd is not None and sd <= 0:
            raise _problem(_(': "sd" must be above 0.'))
        return sd


def _rule(rule: Any) -> PromptRule:
    try:
        return PromptRule(rule)
    except ValueError:
        message = _(": unknown prompt rule %(rule)s; known: %(known)s.")
        raise _problem(message % {"rule": repr(rule), "known": ", ".join(PromptRule)}) from None


class _ScoringInput(_Input):
    higher_is_better: bool = Field(default=True, alias="higherIsBetter")
    cutoff: _CutoffInput | None = None
    reliability: _ReliabilityInput | None = None
    prompts: list[Annotated[PromptRule, PlainValidator(_rule)]] = []

    @field_validator("higher_is_better", mode="plain")
    @classmethod
    def _direction(cls, value: Any) -> bool:
        return _boolean(value, "higherIsBetter")

    @model_validator(mode="before")
    @classmethod
    def _sum(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("method") != "sum":
            raise _problem(_('"scoring" must be an object with "method": "sum".'))
        if data.get("cutoff") and not isinstance(data["cutoff"], dict):
            raise _problem(_('scoring: "cutoff" must be an object with a "value".'))
        if not isinstance(data.get("prompts", []), list):
            raise _problem(_('scoring: "prompts" must be a list of prompt rules.'))
        ignored = {"cutoff": not data.get("cutoff"), "reliability": not isinstance(data.get("reliability"), dict)}
        return {key: value for key, value in data.items() if not ignored.get(key)}


class _OfferInput(_Input):
    after_meeting: Any = Field(default=False, alias="afterMeeting")
    every_days: int | None = Field(default=None, alias="everyDays")

    @field_validator("every_days", mode="plain")
    @classmethod
    def _interval(cls, days: Any) -> int | None:
        message = _(': "everyDays" must be a whole number of days from 1 to 366.')
        return None if days is None else _whole(days, 1, 366, message)

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise _problem(_('"offer" must be {"afterMeeting": true} or {"everyDays": N}.'))
        return data


class _DefinitionInput(_Input):
    name: str = _text_field()
    version: str = _text_field()
    title: str = _text_field()
    purpose: str = Field(default="", validate_default=True)
    description: str = _text_field()
    validated: bool = Field(default=None, validate_default=True)
    citation: str = _text_field()
    copyright: str = _text_field()
    items: list[_ItemInput] = Field(default=None, alias="item", validate_default=True)
    scoring: _ScoringInput = Field(default=None, validate_default=True)
    offer: _OfferInput = Field(default=None, validate_default=True)

    _texts = field_validator("name", "version", "title", "description", "citation", "copyright", mode="plain")(_text)

    @field_validator("purpose", mode="plain")
    @classmethod
    def _purpose(cls, purpose: Any) -> str:
        if not isinstance(purpose, str) or purpose not in PURPOSES:
            raise _problem(_(': "purpose" must be one of %(purposes)s.') % {"purposes": ", ".join(PURPOSES)})
        return purpose

    @field_validator("validated", mode="plain")
    @classmethod
    def _validated(cls, validated: Any) -> bool:
        return _boolean(validated, "validated")

    @field_validator("name")
    @classmethod
    def _slug(cls, name: str) -> str:
        if name and not all(ch.isalnum() or ch == "-" for ch in name):
            raise _problem(_(': "name" may only hold letters, digits and hyphens.'))
        return name

    @field_validator("items", mode="before")
    @classmethod
    def _count(cls, items: Any) -> Any:
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS:
            raise _problem(_('"item" must be a list of 1 to %(most)s items.') % {"most": MAX_ITEMS})
        return items


def _where(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """The place a problem was found, in the words the messages have always used."""
    head, rest = (loc[0], loc[1:]) if loc else ("", ())
    if head == "item" and rest and isinstance(rest[0], int) and rest[1:] != ("linkId",):
        raw = data["item"][rest[0]]
        link_id = raw.get("linkId") if isinstance(raw, dict) else None
        named = link_id.strip() if isinstance(link_id, str) else ""
        number = rest[0] + 1
        return _('item %(number)s ("%(name)s")') % {"number": number, "name": named} if named else _item(number)
    if head == "item" and rest:
        return _item(int(rest[0]) + 1)
    if head == "scoring":
        return {"cutoff": _("scoring cutoff"), "reliability": _("scoring reliability")}.get(
            str(rest[0]) if rest else "", _("scoring")
        )
    return _("offer") if head == "offer" else _("definition")


def _item(number: int) -> str:
    return _("item %(number)s") % {"number": number}


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def _messages(error: PydanticValidationError, where: Callable[[tuple[int | str, ...]], str]) -> list[str]:
    return [
        where(problem["loc"]) + problem["msg"] if problem["msg"][:1] in (":", " ") else problem["msg"]
        for problem in error.errors()
    ]


def _scales(raw: Any, problems: list[str]) -> dict[str, Scale]:
    if not isinstance(raw, dict):
        problems.append(_('"answerScales" must be an object.'))
        return {}
    scales = {}
    for name, data in raw.items():
        where = _('answer scale "%(name)s"') % {"name": name}
        try:
            scale = scales[name] = _ScaleInput.model_validate(data).scale()
        except PydanticValidationError as error:
            problems += _messages(error, lambda _: where)  # noqa: B023 - used at once, inside the loop
            continue
        if any(not scale.low <= value <= scale.high for value in scale.labels):  # a problem, yet the scale is usable
            problems.append(
                _("%(where)s: a label is outside %(low)s to %(high)s.")
                % {"where": where, "low": scale.low, "high": scale.high}
            )
    return scales


def _across_fields(data: dict[str, Any], problems: list[str]) -> None:
    """Checks that read several parts at once, made even when a part has problems of its own."""
    raw_items = data.get("item")
    listed = raw_items if isinstance(raw_items, list) and len(raw_items) <= MAX_ITEMS else []
    items = {index: raw for index, raw in enumerate(listed) if isinstance(raw, dict)}
    items = {index: raw for index, raw in items.items() if raw.get("type") in ("integer", "text")}
    for index, raw in items.items():
        if raw["type"] == "integer" and raw.get("required") is not True:
            where = _where(("item", index), data)
            problems.append(
                _("%(where)s: scored items must be required, or totals could not be compared.") % {"where": where}
            )
    link_ids = [raw["linkId"].strip() if isinstance(raw.get("linkId"), str) else "" for raw in items.values()]
    if len(set(link_ids)) != len(link_ids):
        problems.append(_("Every item needs its own linkId; some appear twice."))
    if items and not any(raw["type"] == "integer" for raw in items.values()):
        problems.append(_("A check-in needs at least one scored (integer) item."))
    scoring = data.get("scoring")
    if isinstance(scoring, dict) and scoring.get("method") == "sum":
        cutoff = scoring.get("cutoff") or {}
        value = cutoff.get("value") if isinstance(cutoff, dict) else 0  # a cutoff of another shape is reported
        prompts = scoring.get("prompts")
        if isinstance(prompts, list) and PromptRule.BELOW_CUTOFF in prompts and not _is_number(value):
            problems.append(_('scoring: the "below-cutoff" prompt needs a cutoff value.'))
    offer = data.get("offer")
    if isinstance(offer, dict):
        days = offer.get("everyDays")
        every_days = days if _is_number(days) and isinstance(days, int) and 1 <= days <= 366 else None
        if (offer.get("afterMeeting", False) is True) == (every_days is not None):
            problems.append(_('offer: give exactly one of "afterMeeting": true or "everyDays".'))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


TRANSLATION_TEXTS = {  # key in a translation: (the Definition's English text it stands for, longest length)
    "title": ("title", 200),
    "description": ("description", 4000),
    "copyright": ("copyright", 4000),
    "cutoffLabel": ("cutoff_label", 4000),
    "reliabilitySource": ("reliability_source", 4000),
}


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _english_texts(data: dict[str, Any]) -> dict[str, str]:
    """The texts around the items in the file's own (English) wording, to know which need a translation."""
    scoring = _object(data.get("scoring"))
    cutoff, reliability = _object(scoring.get("cutoff")), _object(scoring.get("reliability"))
    texts = {
        "title": data.get("title"),
        "description": data.get("description"),
        "copyright": data.get("copyright"),
        "cutoffLabel": cutoff.get("label"),
        "reliabilitySource": reliability.get("source"),
    }
    return {key: text for key, text in texts.items() if isinstance(text, str) and text.strip()}


def _translations(data: dict[str, Any], scales: dict[str, Scale], problems: list[str]) -> dict[str, Translation]:
    """The optional ``"translations"`` block: every text a person reads, in each other language.

    A check-in of our own translates every item and answer label. A validated instrument must not: it is valid
    only in the wording that was tested, so only the words around its items are translated.
    """
    raw = data.get("translations", {})
    if not isinstance(raw, dict):
        problems.append('"translations" must be an object, such as {"es": {…}}.')
        return {}
    languages = [code for code, _name in settings.LANGUAGES if code != "en"]
    validated = data.get("validated") is True
    english = _english_texts(data)
    listed = data.get("item")
    raw_items: list[Any] = listed if isinstance(listed, list) else []
    link_ids = [
        item["linkId"].strip() for item in raw_items if isinstance(item, dict) and isinstance(item.get("linkId"), str)
    ]
    used_scales = {
        str(item.get("answerScale")) for item in raw_items if isinstance(item, dict) and item.get("type") == "integer"
    }
    found: dict[str, Translation] = {}
    for language, given in raw.items():
        where = f'translations "{language}"'
        if language not in languages:
            problems.append(f"{where}: the language must be one of {', '.join(languages)}.")
            continue
        if not isinstance(given, dict):
            problems.append(f"{where}: must be an object.")
            continue
        before = len(problems)
        texts = {}
        for key, (_attribute, limit) in TRANSLATION_TEXTS.items():
            text = given.get(key, "")
            if not isinstance(text, str) or len(text) > limit:
                problems.append(f'{where}: "{key}" must be text of at most {limit:,} characters.')
            elif key in english and not text.strip():
                problems.append(f'{where}: "{key}" needs a translation.')
            else:
                texts[key] = text.strip()
        items, labels = given.get("item", {}), given.get("answerScales", {})
        if validated:
            if "item" in given or "answerScales" in given:
                problems.append(
                    f'{where}: a validated instrument keeps the wording it was tested in; leave out "item" and '
                    '"answerScales".'
                )
            items, labels = {}, {}
        else:
            if not isinstance(items, dict) or not all(isinstance(text, str) for text in items.values()):
                problems.append(f'{where}: "item" must map each linkId to its text.')
                items = {}
            missing = [link_id for link_id in link_ids if not str(items.get(link_id, "")).strip()]
            if missing:
                problems.append(f"{where}: these items need a translation: {', '.join(missing)}.")
            unknown = sorted(set(items) - set(link_ids))
            if unknown:
                problems.append(f"{where}: these items are not in the definition: {', '.join(unknown)}.")
            labels = _translated_labels(
                where, labels, {name: scales[name] for name in used_scales if name in scales}, problems
            )
        if len(problems) == before:
            found[language] = Translation(
                title=texts.get("title", ""),
                description=texts.get("description", ""),
                copyright=texts.get("copyright", ""),
                items={link_id: text.strip() for link_id, text in items.items()},
                labels=labels,
                cutoff_label=texts.get("cutoffLabel", ""),
                reliability_source=texts.get("reliabilitySource", ""),
            )
    return found


def _translated_labels(
    where: str, raw: Any, scales: dict[str, Scale], problems: list[str]
) -> dict[str, dict[int, str]]:
    """Every label of every answer scale the items use, translated: {"zero-to-ten": {"0": "…", "10": "…"}}."""
    if not isinstance(raw, dict):
        problems.append(f'{where}: "answerScales" must map each answer scale to its labels.')
        return {}
    labels: dict[str, dict[int, str]] = {}
    for name, scale in sorted(scales.items()):
        given = raw.get(name, {})
        if not isinstance(given, dict) or not all(isinstance(text, str) for text in given.values()):
            problems.append(f'{where}: answer scale "{name}" must map numbers to text.')
            continue
        try:
            translated = {int(value): text.strip() for value, text in given.items()}
        except ValueError:
            problems.append(f'{where}: answer scale "{name}": every key must be a number.')
            continue
        shown = [value for value in sorted(scale.labels) if scale.low <= value <= scale.high]  # others: reported
        missing = [str(value) for value in shown if not translated.get(value)]
        extra = [str(value) for value in sorted(set(translated) - set(scale.labels))]
        if missing:
            problems.append(f'{where}: answer scale "{name}" needs a translation of the labels {", ".join(missing)}.')
        if extra:
            problems.append(f'{where}: answer scale "{name}" has no English label for {", ".join(extra)}.')
        labels[name] = translated
    unknown = sorted(set(raw) - set(scales))
    if unknown:
        problems.append(f'{where}: "answerScales" names scales no item uses: {", ".join(unknown)}.')
    return labels


def parse(data: Any) -> Definition:
    """Turn a decoded JSON document into a Definition, or raise ValidationError listing every problem."""
    if not isinstance(data, dict) or data.get("resourceType") != "Questionnaire":
        raise ValidationError(_('This is not a check-in definition: it needs "resourceType": "Questionnaire".'))
    problems: list[str] = []
    scales = _scales(data.get("answerScales", {}), problems)
    try:
        given = _DefinitionInput.model_validate(data, context=scales)  # items look their scale up here
    except PydanticValidationError as error:
        problems += _messages(error, lambda loc: _where(loc, data))
    _across_fields(data, problems)
    translations = _translations(data, scales, problems)
    if problems:
        raise ValidationError(problems)
    scoring = given.scoring
    cutoff, reliability = scoring.cutoff or _CutoffInput(), scoring.reliability or _ReliabilityInput()
    return Definition(
        name=given.name,
        version=given.version,
        title=given.title,
        purpose=given.purpose,
        description=given.description,
        validated=given.validated,
        citation=given.citation,
        copyright=given.copyright,
        items=[
            replace(item.item(), scale_name=str(raw.get("answerScale", "")) if item.kind == "integer" else "")
            for item, raw in zip(given.items, data["item"], strict=True)
        ],
        higher_is_better=scoring.higher_is_better,
        cutoff=cutoff.value,
        cutoff_label=cutoff.label,
        reliability=Reliability(reliability.r, reliability.sd, reliability.source),
        prompt_rules=list(scoring.prompts),
        after_meeting=given.offer.after_meeting is True,
        every_days=given.offer.every_days,
        translations=translations,
    )


def parse_bytes(content: bytes) -> tuple[dict[str, Any], Definition]:
    """Decode an uploaded file and parse it; errors say what is wrong in plain words."""
    if len(content) > MAX_DEFINITION_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s KB; definitions are small.") % {"size": MAX_DEFINITION_BYTES // 1000}
        )
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text. Please save it as UTF-8 JSON.")) from error
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The file is not valid JSON: %(problem)s at line %(line)s.")
            % {"problem": error.msg, "line": error.lineno}
        ) from error
    return data, parse(data)
