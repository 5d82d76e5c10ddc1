"""Apps plug into My data, exports, the API and the demo by having a module of that name (alongside.plugins)."""

from typing import Any

import pytest

from alongside.consent.mydata import SECTIONS
from alongside.core import demo
from alongside.plugins import contributions
from alongside.reports.registry import export_kinds


def test_every_feature_finds_its_modules_by_name() -> None:
    assert [app for app, _ in contributions("api", "router")] == [
        "alongside.accounts",
        "alongside.reports",
        "alongside.plans",
        "alongside.meetings",
        "alongside.feedback",
        "alongside.conversations",
    ]
    assert list(SECTIONS) == [
        "notifications",
        "plans",
        "meetings",
        "groups",
        "check_ins",
        "account",
        "sharing",
        "access_log",
        "crisis_plan",
        "messages",
        "support_preferences",
        "session_records",
        "worklist",
    ]
    assert set(export_kinds()) == {"billing-lines", "people", "report-organisation", "report-supporters", "research"}


def test_demo_steps_run_after_the_steps_they_name() -> None:
    assert [app for app, _ in demo.demo_steps()] == [
        "alongside.accounts",
        "alongside.notifications",  # choices first: the later steps' actions notify
        "alongside.plans",
        "alongside.meetings",
        "alongside.groups",
        "alongside.feedback",
        "alongside.consent",
        "alongside.reports",
        "alongside.crisis",
        "alongside.conversations",
        "alongside.support",
        "alongside.billing",
        "alongside.supervision",
    ]


def _declared(steps: dict[str, tuple[str, ...]]) -> Any:
    def fake(module_name: str, attribute: str) -> list[tuple[str, Any]]:
        return [(app, after if attribute == "AFTER" else print) for app, after in steps.items()]

    return fake


def test_demo_steps_that_wait_for_each_other_or_for_nothing_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "contributions", _declared({"a": ("b",), "b": ("a",)}))
    with pytest.raises(ValueError, match="wait for each other"):
        demo.demo_steps()
    monkeypatch.setattr(demo, "contributions", _declared({"a": ("missing",)}))
    with pytest.raises(ValueError, match="missing"):
        demo.demo_steps()
