"""Messages in the FHIR export: Communication resources that validate (fhir.resources), without the words of a
withdrawn message, and back again through the importer."""

from __future__ import annotations

import json

import pytest

from alongside.conversations import actions
from alongside.interop.export import WITHDRAWN, export_bundle
from alongside.interop.validation import validate_bundle
from tests.conftest import People
from tests.interop.test_export import resources

from .factories import say

pytestmark = pytest.mark.django_db


def test_messages_are_valid_communications(people: People) -> None:
    sent = say(people.client, people.supporter, "Friday at ten.")
    actions.edit(sent, "Friday at eleven.", expected_version=1, by=people.supporter)
    actions.withdraw(say(people.client, people.client, "Never mind."), by=people.client)
    bundle = export_bundle(people.client, include_private=True)
    assert validate_bundle(bundle) == []
    found = [r for r in resources(bundle, "Communication") if r["id"].startswith("message-")]
    [edited, withdrawn] = found
    assert edited["payload"][0]["contentString"] == "Friday at eleven." and edited["meta"]["versionId"] == "2"
    assert edited["recipient"] == [{"reference": f"Patient/patient-{people.client.pk}"}]
    assert withdrawn["status"] == "stopped" and withdrawn["payload"][0]["contentString"] == WITHDRAWN
    assert "Never mind." not in json.dumps(bundle)
