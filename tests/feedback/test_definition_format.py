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
