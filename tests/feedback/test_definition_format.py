"""Shapes the hand-written checker did not expect (it crashed, or read a string as a list of rules) are explained."""

import copy
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from alongside.feedback.definitions import parse
from alongside.feedback.shipped import INSTRUMENTS


def session(**scoring: Any) -> dict[str, Any]:
    data = copy.deepcopy(json.loads((INSTRUMENTS / "session-checkin.json").read_text()))
    data["scoring"].update(scoring)
    return data


@pytest.mark.parametrize(
    ("scoring", "expected"),
    [
        ({"cutoff": 36}, 'scoring: "cutoff" must be an object with a "value".'),
        ({"prompts": "below-cutoff"}, 'scoring: "prompts" must be a list of prompt rules.'),
    ],
)
def test_odd_shapes_get_plain_messages(scoring: dict[str, Any], expected: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse(session(**scoring))
    assert error.value.messages == [expected]


def test_a_label_outside_its_scale_leaves_the_scale_usable() -> None:
    data = session()
    data["answerScales"]["zero-to-ten"]["labels"]["11"] = "Beyond"
    with pytest.raises(ValidationError) as error:
        parse(data)
    assert error.value.messages == ['answer scale "zero-to-ten": a label is outside 0 to 10.']


def test_own_checkins_must_translate_every_item_and_label() -> None:
    data = session()
    data["translations"]["es"]["item"].pop("better")
    del data["translations"]["es"]["answerScales"]["zero-to-ten"]["10"]
    with pytest.raises(ValidationError) as error:
        parse(data)
    assert error.value.messages == [
        'translations "es": these items need a translation: better.',
        'translations "es": answer scale "zero-to-ten" needs a translation of the labels 10.',
    ]


def test_a_validated_instrument_may_not_carry_a_translation_of_its_items() -> None:
    data: dict[str, Any] = json.loads((INSTRUMENTS / "barc-10.json").read_text())
    data["translations"]["es"]["item"] = {"1": "Hay cosas más importantes…"}
    data["translations"]["fr"] = copy.deepcopy(data["translations"]["es"])
    with pytest.raises(ValidationError) as error:
        parse(data)
    assert error.value.messages == [
        'translations "es": a validated instrument keeps the wording it was tested in; leave out "item" and '
        '"answerScales".',
        'translations "fr": the language must be one of es.',
    ]


@pytest.mark.parametrize("name", ["session-checkin", "wellbeing-checkin"])
def test_alongsides_own_checkins_are_translated_into_spanish(name: str) -> None:
    definition = parse(json.loads((INSTRUMENTS / f"{name}.json").read_text()))
    spanish = definition.in_language("es")
    assert spanish.language == "es" and not spanish.items_in_original
    assert {item.link_id for item in definition.items} == set(definition.translations["es"].items)
    for english, translated in zip(definition.items, spanish.items, strict=True):
        assert translated.text != english.text
        assert translated.scale is None or set(translated.scale.labels) == set(english.scale.labels)  # type: ignore[union-attr]


def test_the_validated_barc10_is_shown_in_its_tested_english_wording() -> None:
    definition = parse(json.loads((INSTRUMENTS / "barc-10.json").read_text()))
    spanish = definition.in_language("es")
    assert spanish.items_in_original and spanish.items == definition.items
    assert spanish.title != definition.title and spanish.cutoff_label != definition.cutoff_label
