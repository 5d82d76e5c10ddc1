"""The shipped instruments score as published, and a bad definition file is explained in plain words."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from alongside.feedback.definitions import Definition, parse, parse_bytes
from alongside.feedback.scoring import PromptRule
from alongside.feedback.shipped import INSTRUMENTS


def shipped(name: str) -> dict[str, Any]:
    return json.loads((INSTRUMENTS / f"{name}.json").read_text())


def answers(definition: Definition, value: int) -> dict[str, str]:
    return {item.link_id: str(value) for item in definition.scored}


def test_session_checkin_scores_four_items_out_of_forty_with_36_cutoff() -> None:
    definition = parse(shipped("session-checkin"))
    assert (definition.lowest, definition.highest, definition.cutoff) == (0, 40, 36)
    assert not definition.validated
    assert definition.prompt_rules == [PromptRule.BELOW_CUTOFF, PromptRule.LOWER_THAN_PREVIOUS]
    scores, texts = definition.clean_answers(answers(definition, 9) | {"better": "  More time at the end.  "})
    assert sum(scores.values()) == 36
    assert texts == {"better": "More time at the end."}
    assert definition.after_meeting and definition.every_days is None


def test_wellbeing_checkin_is_weekly_and_not_validated() -> None:
    definition = parse(shipped("wellbeing-checkin"))
    assert (definition.lowest, definition.highest, definition.every_days) == (0, 40, 7)
    assert not definition.validated and not definition.reliability.known
    scores, texts = definition.clean_answers({"personal": "3", "close": "5", "daily": "0", "overall": "10"})
    assert sum(scores.values()) == 18 and texts == {}


def test_barc10_scores_10_to_60_with_threshold_47_and_citation() -> None:
    definition = parse(shipped("barc-10"))
    assert len(definition.scored) == 10
    assert (definition.lowest, definition.highest, definition.cutoff) == (10, 60, 47)
    assert definition.validated and definition.every_days == 90
    assert "Vilsaint" in definition.citation and "2017" in definition.citation
    assert definition.items[0].text == "There are more important things to me in life than using substances."
    assert sum(definition.clean_answers(answers(definition, 1))[0].values()) == 10
    assert sum(definition.clean_answers(answers(definition, 6))[0].values()) == 60
    mixed = answers(definition, 5) | {"1": "2"}  # 9·5 + 2 = 47: at the threshold
    assert sum(definition.clean_answers(mixed)[0].values()) == 47
    assert definition.reliability.r == 0.90 and "Vilsaint et al. 2017" in definition.reliability.source
    assert not definition.reliability.known  # no published SD: the organisation's own answers give it


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"heard": "11"}, "from 0 to 10"),
        ({"heard": "-1"}, "from 0 to 10"),
        ({"heard": "7.5"}, "from 0 to 10"),
        ({"heard": ""}, "Please choose an answer"),
        ({"better": "x" * 2001}, "2,000 characters"),
    ],
)
def test_bad_answers_are_explained_per_question(change: dict[str, str], message: str) -> None:
    definition = parse(shipped("session-checkin"))
    with pytest.raises(ValidationError) as error:
        definition.clean_answers(answers(definition, 8) | change)
    field = next(iter(change))
    assert message in " ".join(error.value.message_dict[field])


def test_no_licensed_instrument_text_is_shipped() -> None:
    """ORS, SRS and (S)WEMWBS licences forbid shipping their items; only our own wording and BARC-10 ship."""
    shipped_text = " ".join(path.read_text().lower() for path in Path(INSTRUMENTS).glob("*.json"))
    for forbidden in ("outcome rating scale", "session rating scale", "warwick", "wemwbs", "i've been feeling"):
        assert forbidden not in shipped_text
    assert {path.stem for path in Path(INSTRUMENTS).glob("*.json")} == {
        "session-checkin",
        "wellbeing-checkin",
        "barc-10",
    }


def broken(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(shipped("session-checkin"))
    data.update(changes)
    return data


def problems(data: Any) -> list[str]:
    with pytest.raises(ValidationError) as error:
        parse(data)
    return error.value.messages


def test_every_problem_is_listed_at_once() -> None:
    data = broken(purpose="therapy", validated="yes")
    data["item"][0]["answerScale"] = "zero-to-tn"
    data["item"][1]["linkId"] = "heard"
    data["scoring"]["reliability"] = {"r": 1.4, "sd": -2}
    found = " | ".join(problems(data))
    for expected in (
        '"purpose" must be one of',
        '"validated" must be true or false',
        "'zero-to-tn', which is not in \"answerScales\"",
        "own linkId",
        '"r" must be at least 0 and below 1',
        '"sd" must be above 0',
    ):
        assert expected in found


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"resourceType": "Patient"}, '"resourceType": "Questionnaire"'),
        (broken(item=[]), "list of 1 to 60 items"),
        (broken(offer={"afterMeeting": True, "everyDays": 7}), "exactly one of"),
        (broken(copyright=""), '"copyright" must be non-empty text'),
        (broken(scoring={"method": "mean"}), '"method": "sum"'),
    ],
)
def test_single_problems_are_named(data: Any, expected: str) -> None:
    assert expected in " | ".join(problems(data))


def test_scored_items_must_be_required() -> None:
    data = broken()
    data["item"][0]["required"] = False
    assert any("must be required" in message for message in problems(data))


def test_unknown_prompt_rule_and_cutoff_rule_without_cutoff() -> None:
    data = broken()
    data["scoring"]["prompts"] = ["below-cutoff", "panic"]
    data["scoring"]["cutoff"] = None
    found = " | ".join(problems(data))
    assert "unknown prompt rule 'panic'" in found and "needs a cutoff value" in found


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b" " * 100_001, "larger than 100 KB"),
    ],
)
def test_unreadable_files_are_explained(content: bytes, expected: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_bytes(content)
    assert expected in error.value.messages[0]
