"""The research export holds no name, email or free text; pseudonyms are stable and dates shift per client."""

from __future__ import annotations

import csv
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from alongside.meetings import actions as meeting_actions
from alongside.plans import actions as plan_actions
from alongside.plans.models import Decision
from alongside.reports import research
from alongside.reports.models import Export
from alongside.reports.registry import export_kinds
from alongside.reports.research import day_shift, pseudonym
from alongside.reports.tasks import run_export

from ..conftest import People
from ..feedback.factories import answered
from ..meetings.factories import meeting
from ..plans.factories import make_goal, make_suggestion
from .factories import queued_export

pytestmark = pytest.mark.django_db
SECRETS = [
    "Casey Client",
    "Zebedee Quillfeather",
    "zebedee@example.org",
    "Marmalade lighthouse confession",
    "Velvet hedgehog goal",
    "Tangerine accordion step idea",
    "Because of the porcupine",
    "Quasar notebook draft",
]


def seeded(people: People) -> None:
    client = people.client
    client.user.display_name, client.user.email = "Zebedee Quillfeather", "zebedee@example.org"
    client.user.save()
    goal = make_goal(client, "Velvet hedgehog goal")
    suggestion = make_suggestion(client, people.supporter, goal=goal, text="Tangerine accordion step idea")
    plan_actions.decide(suggestion, Decision.DECLINED, by=client, why="Because of the porcupine")
    meeting_actions.write_note(meeting(people), "Quasar notebook draft", by=people.supporter)
    answered(client, "session-checkin", [30, 34, 38], text="Marmalade lighthouse confession")


def export_file(people: People, exports_dir: Path) -> str:
    export = queued_export(people.admin, kind="research")
    run_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    return (exports_dir / export.file_path).read_text(encoding="utf-8-sig")


def test_no_name_email_or_free_text_anywhere(people: People, exports_dir: Path) -> None:
    seeded(people)
    text = export_file(people, exports_dir)
    assert text.count("\n") > 6  # check-ins, the meeting, the goal and the suggestion are there
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret


def test_pseudonyms_are_stable_and_dates_keep_their_intervals(people: People, exports_dir: Path) -> None:
    seeded(people)
    first, second = export_file(people, exports_dir), export_file(people, exports_dir)
    assert first == second
    rows = [row for row in csv.DictReader(first.splitlines()) if row["record"] == "checkin"]
    assert {row["participant"] for row in rows} == {pseudonym(people.client.pk)}
    days = [date.fromisoformat(row["day"]) for row in rows]
    assert [(b - a).days for a, b in pairwise(days)] == [7, 7]
    assert abs(day_shift(people.client.pk).days) <= 180


def test_the_key_changes_every_pseudonym(people: People, settings: pytest.FixtureRequest) -> None:
    before = pseudonym(people.client.pk)
    settings.RESEARCH_PSEUDONYM_KEY = "another key"  # type: ignore[attr-defined]
    research._key.cache_clear()
    try:
        assert pseudonym(people.client.pk) != before
    finally:
        research._key.cache_clear()


def test_only_admins_may_start_it(people: People) -> None:
    kind = export_kinds()["research"]
    assert kind.may_export(people.admin)
    assert not any(kind.may_export(m) for m in (people.supervisor, people.supporter, people.client))
