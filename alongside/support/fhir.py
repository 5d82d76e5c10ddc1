"""How a client wants to be supported, in the FHIR export: a QuestionnaireResponse to a Questionnaire that
describes the page (docs/interop.md).

Why a QuestionnaireResponse: the page is the client's answers to a fixed set of questions, some free text
and some choices, which is what the resource is for; Basic or extensions on Patient would hide it from
every FHIR reader. The Questionnaire goes in the Bundle too, so the response's ``questionnaire`` resolves.
Choices are codings in our own code systems; the words to avoid are one answer each. The headings and choice
labels are in English whatever language the person reads Alongside in: a FHIR resource is for other services.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.utils import translation

from alongside.accounts.models import Membership
from alongside.interop import codes

from .parts import PARTS, Part, avoided
from .queries import preferences_of

Json = dict[str, Any]
VERSION = "1"  # of the Questionnaire: a new part or choice is a new version
SYSTEMS = {"contact_ways": codes.CONTACT_WAY_SYSTEM, "pathways": codes.PATHWAY_SYSTEM}


def _item(part: Part) -> Json:
    item: Json = {"linkId": part.field, "text": str(part.heading), "type": "choice" if part.is_choice else "text"}
    if part.is_choice:
        item["repeats"] = True
        item["answerOption"] = [
            {"valueCoding": {"system": SYSTEMS[part.field], "code": code, "display": str(label)}}
            for code, label in part.choices
        ]
    elif part.field == "avoid_words":
        item["type"], item["repeats"] = "string", True
    return item


def questionnaire() -> Json:
    with translation.override("en"):
        return _questionnaire()


def _questionnaire() -> Json:
    return {
        "resourceType": "Questionnaire",
        "id": "questionnaire-support-preferences",
        "url": codes.SUPPORT_QUESTIONNAIRE,
        "version": VERSION,
        "name": "support_preferences",
        "title": "How I want to be supported",
        "status": "active",
        "item": [_item(part) for part in PARTS],
    }


def _answers(part: Part, stored: str) -> list[Json]:
    if part.is_choice:
        labels = {code: str(label) for code, label in part.choices}
        return [
            {"valueCoding": {"system": SYSTEMS[part.field], "code": code, "display": labels[code]}}
            for code, _ in part.choices
            if code in stored.split(",")
        ]
    if part.field == "avoid_words":
        return [{"valueString": word} for word in avoided(stored)]
    return [{"valueString": stored}] if stored else []


def resources(client: Membership, patient: Json) -> list[Json]:
    """The Questionnaire and the client's response, or nothing when they wrote nothing."""
    preferences = preferences_of(client)
    if preferences is None:
        return []
    with translation.override("en"):
        items = [
            {"linkId": part.field, "text": str(part.heading), "answer": answers}
            for part in PARTS
            if (answers := _answers(part, getattr(preferences, part.field)))
        ]
    response: Json = {
        "resourceType": "QuestionnaireResponse",
        "id": f"support-preferences-{client.pk}",
        "meta": {"versionId": str(preferences.version)},
        "questionnaire": f"{codes.SUPPORT_QUESTIONNAIRE}|{VERSION}",
        "status": "completed",
        "subject": patient,
        "authored": preferences.updated_at.astimezone(UTC).isoformat(),
        "author": patient,
        "source": patient,
    }
    if items:
        response["item"] = items
    return [questionnaire(), response]


def is_ours(response: Json) -> bool:
    """Whether a QuestionnaireResponse is "How I want to be supported" (not a check-in)."""
    return str(response.get("questionnaire", "")).partition("|")[0] == codes.SUPPORT_QUESTIONNAIRE


def wording_from(response: Json) -> dict[str, Any]:
    """The parts as the action takes them, from an exported response (the importer's half)."""
    wording: dict[str, Any] = {}
    for item in response.get("item", []):
        answers = item.get("answer", [])
        codings = [a["valueCoding"]["code"] for a in answers if "valueCoding" in a]
        words = [a["valueString"] for a in answers if "valueString" in a]
        wording[item["linkId"]] = codings if codings else "\n".join(words)
    return wording
