"""Saving how a client wants to be supported: only the client, each save a new version that keeps the earlier
wording, audited without words, encrypted at rest; choices limited to the ones offered."""

from __future__ import annotations

import json
import random
from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.core.demo import DemoContext
from alongside.notifications.actions import save_preferences as save_notifications
from alongside.support import actions, demo, queries
from alongside.support.models import SupportPreferences, SupportPreferencesVersion
from alongside.support.parts import AVOID_MAX
from alongside.versioned import StaleEdit
from tests.conftest import People

from .factories import WORDS, write_preferences

pytestmark = pytest.mark.django_db


def test_each_save_is_a_version_that_keeps_the_earlier_wording(people: People) -> None:
    write_preferences(people.client)
    preferences = write_preferences(people.client, what_helps="Music, loud.")
    assert preferences.version == 2 and preferences.what_helps == "Music, loud."
    versions = queries.versions_of(preferences)
    assert [v.version for v in versions] == [2, 1]
    first = {part.field: part.text for part in versions[1].parts}
    assert first["what_helps"] == WORDS["what_helps"]
    assert first["contact_ways"] == "Text message, In person"
    assert first["pathways"] == "Medication-supported recovery, Harm reduction"


def test_saves_are_audited_with_the_version_and_never_the_words(people: People) -> None:
    write_preferences(people.client)
    entry = AuditEntry.objects.get(action="support.preferences.save")
    assert entry.client_id == people.client.pk and entry.actor_id == people.client.user_id
    assert entry.detail["version"] == 1 and "avoid_words" in entry.detail["parts"]
    everything = " ".join(json.dumps(e.detail) + e.target for e in AuditEntry.objects.all())
    assert "Walking" not in everything and "addict" not in everything and "medication" not in everything


def test_every_part_is_encrypted_at_rest(people: People) -> None:
    write_preferences(people.client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_helps, pathways, avoid_words FROM support_supportpreferences")
        stored = " ".join(cursor.fetchone())
        cursor.execute("SELECT snapshot FROM support_supportpreferencesversion")
        (snapshot,) = cursor.fetchone()
    for plain in ("Walking", "medication", "addict"):
        assert plain not in stored and plain not in snapshot


def test_only_the_client_saves_and_a_refusal_changes_nothing(people: People) -> None:
    for other in (people.supporter, people.supervisor, people.admin, people.outsider_supporter):
        with pytest.raises(PermissionDenied):
            actions.save_preferences(people.client, WORDS, expected_version=None, by=other)
    assert not SupportPreferences.objects.exists() and not AuditEntry.objects.filter(client=people.client).exists()


def test_the_same_words_twice_save_once_and_nothing_at_all_stores_nothing(people: People) -> None:
    write_preferences(people.client)
    actions.save_preferences(people.client, WORDS, expected_version=None, by=people.client)
    assert SupportPreferencesVersion.objects.count() == 1
    assert actions.save_preferences(people.other_client, {}, expected_version=None, by=people.other_client) is None
    assert SupportPreferences.objects.count() == 1


def test_a_save_over_a_newer_version_is_stale(people: People) -> None:
    write_preferences(people.client)
    write_preferences(people.client, people="Ana and Tom.")
    with pytest.raises(StaleEdit) as stale:
        actions.save_preferences(people.client, WORDS | {"people": "Tom."}, expected_version=1, by=people.client)
    assert getattr(stale.value.current, "people") == "Ana and Tom."  # noqa: B009 (a ClientDocument)


def test_choices_keep_only_the_ones_offered_and_words_are_one_a_line(people: People) -> None:
    saved = write_preferences(
        people.client, contact_ways=["call", "pigeon", "text"], avoid_words="  Addict \n\naddict\nclean   time\n"
    )
    assert saved.contact_ways == "text,call"
    assert saved.avoid_words == "Addict\nclean time"
    assert queries.avoided_words(people.client) == ("Addict", "clean time")


def test_limits_are_checked_by_the_action(people: People) -> None:
    with pytest.raises(ValidationError):
        write_preferences(people.client, what_helps="x" * 2001)
    with pytest.raises(ValidationError):
        write_preferences(people.client, avoid_words="\n".join(f"word{n}" for n in range(AVOID_MAX + 1)))


def test_the_notification_choices_are_read_from_the_notifications_page_not_copied(people: People) -> None:
    assert queries.notified(people.client).quiet_from is None
    choices = {"kinds": [], "frequency": "daily", "channels": ["email"], "quiet_from": time(21), "time_zone": ""}
    save_notifications(people.client, choices | {"quiet_until": time(8)}, by=people.client)
    told = queries.notified(people.client)
    assert (told.channels, told.quiet_from, told.quiet_until) == (["Email"], time(21), time(8))
    assert told.frequency == "Once a day"


def test_the_demo_writes_two_versions(people: People) -> None:
    ctx = DemoContext(
        random.Random(1), organisation=people.organisation, clients=[people.client], supporters=[people.supporter]
    )
    demo.populate(ctx)
    assert SupportPreferences.objects.get(client=people.client).version == 2
    assert "junkie" in queries.avoided_words(people.client)
