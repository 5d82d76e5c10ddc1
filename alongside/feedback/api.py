"""API endpoint for a client's check-in answers, newest first.

Through ``policy.client_for`` (404 for anyone else, audit entry for the read), as the check-ins page.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from alongside import policy
from alongside.api.schemas import ERRORS, PageMeta, PageParams, page_of

from .models import Response

router = Router(tags=["check-ins"])


class CheckinOut(Schema):
    id: int
    instrument: str = Field(description="The check-in definition's name, e.g. session-checkin.")
    version: str
    title: str
    submitted_at: datetime
    total: int
    scores: dict[str, int] = Field(description="Each scored item's answer, by linkId.")
    texts: dict[str, str] = Field(description="Free-text answers, by linkId.")


class CheckinPage(PageMeta):
    items: list[CheckinOut]


@router.get("/clients/{id}/checkins", response={200: CheckinPage, **ERRORS}, summary="A client's check-ins")
def checkins(request: HttpRequest, id: int, params: Query[PageParams]) -> dict[str, object]:
    client = policy.client_for(request, id, policy.Verb.READ, policy.Area.CHECKINS)
    answers = Response.objects.filter(client=client).select_related("questionnaire").order_by("-submitted_at", "-pk")
    items, meta = page_of(answers, params)
    return {
        **meta,
        "items": [
            {
                "id": answer.pk,
                "instrument": answer.questionnaire.name,
                "version": answer.questionnaire.version,
                "title": answer.questionnaire.title,
                "submitted_at": answer.submitted_at,
                "total": answer.total,
                "scores": answer.scores,
                "texts": answer.texts,
            }
            for answer in items
        ],
    }
