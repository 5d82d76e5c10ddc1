"""Answered check-ins in bulk, for trends and query counts, without going through the pages."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Membership
from alongside.feedback.models import CheckinRequest, Questionnaire, RequestStatus, Response
from alongside.reports import tallies


def questionnaire(name: str) -> Questionnaire:
    return Questionnaire.objects.get(organisation=None, name=name)


def answered(
    client: Membership,
    name: str,
    totals: list[int],
    *,
    start: datetime | None = None,
    text: str | None = None,
    form: Questionnaire | None = None,
) -> list[Response]:
    """One weekly response per total, oldest first; ``text`` is stored as the free-text answer if given.
    ``form`` answers an organisation's own definition instead of the shipped one called ``name``.
    The dashboard tallies are kept as the actions keep them."""
    with transaction.atomic(), tallies.kept(client.pk):  # as an action: its commit bumps the figures version
        return _answered(client, form or questionnaire(name), totals, start, text)


def answered_items(client: Membership, form: Questionnaire, rows: list[list[int]]) -> list[Response]:
    """One weekly response per row of item answers (in the definition's order), oldest first."""
    link_ids = [item.link_id for item in form.parsed.scored]
    scores = [dict(zip(link_ids, row, strict=True)) for row in rows]
    with transaction.atomic(), tallies.kept(client.pk):  # as an action: its commit bumps the figures version
        return _answered(client, form, [sum(row) for row in rows], None, None, scores)


def _answered(
    client: Membership,
    form: Questionnaire,
    totals: list[int],
    start: datetime | None,
    text: str | None,
    scores: list[dict[str, int]] | None = None,
) -> list[Response]:
    start = start or timezone.now() - timedelta(weeks=len(totals))
    when = [start + timedelta(weeks=index) for index in range(len(totals))]
    requests = CheckinRequest.objects.bulk_create(
        CheckinRequest(
            organisation_id=client.organisation_id,
            client=client,
            questionnaire=form,
            created_at=moment,
            status=RequestStatus.ANSWERED,
            closed_at=moment,
        )
        for moment in when
    )
    free_text = json.dumps({form.parsed.items[-1].link_id: text}) if text else None
    return Response.objects.bulk_create(
        Response(
            organisation_id=client.organisation_id,
            client=client,
            questionnaire=form,
            request=request,
            submitted_at=moment,
            scores=scores[index] if scores else {},
            free_text=free_text,
            total=value,
        )
        for index, (request, moment, value) in enumerate(zip(requests, when, totals, strict=True))
    )


def load_with_reliability(organisation_id: int, name: str, r: float, sd: float) -> Questionnaire:
    """An organisation's own version of a shipped definition with r and SD filled in."""
    data = json.loads((Path(__file__).resolve().parents[2] / f"alongside/feedback/instruments/{name}.json").read_text())
    data["version"] = "1-local"
    data["scoring"]["reliability"] = {"r": r, "sd": sd, "source": "test values"}
    return Questionnaire.objects.create(
        organisation_id=organisation_id,
        name=name,
        version="1-local",
        title=data["title"],
        purpose=data["purpose"],
        definition=data,
    )


def two_item_form(organisation_id: int, purpose: str = "wellbeing") -> Questionnaire:
    """An organisation's own check-in small enough to work out by hand: two items from 1 to 3 (totals 2 to 6),
    a cut-off of 4, no published reliability, and the reliable-worsening prompt."""
    data = {
        "resourceType": "Questionnaire",
        "name": "two-items",
        "version": "1",
        "title": "Two questions",
        "purpose": purpose,
        "validated": False,
        "copyright": "test",
        "offer": {"everyDays": 7},
        "answerScales": {"three": {"min": 1, "max": 3}},
        "item": [
            {"linkId": "a", "text": "A", "type": "integer", "answerScale": "three", "required": True},
            {"linkId": "b", "text": "B", "type": "integer", "answerScale": "three", "required": True},
        ],
        "scoring": {
            "method": "sum",
            "cutoff": {"value": 4, "label": "4 or more"},
            "reliability": {"r": None, "sd": None, "source": "Not published."},
            "prompts": ["reliable-worsening"],
        },
    }
    return Questionnaire.objects.create(
        organisation_id=organisation_id,
        name="two-items",
        version="1",
        title="Two questions",
        purpose=purpose,
        definition=data,
    )
