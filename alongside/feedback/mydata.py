"""The check-ins section of "My data": every answer, score and conversation it started."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from alongside.accounts.models import Membership
from alongside.consent.mydata import Section
from alongside.policy import Area

from .models import CheckinRequest, Prompt, Response


def export_for_client(client: Membership, include_private: bool) -> dict[str, Any]:
    responses = Response.objects.filter(client=client).select_related("questionnaire").order_by("submitted_at")
    prompts = Prompt.objects.filter(client=client).select_related("responded_by").order_by("created_at")
    return {
        "check_ins": [
            {
                "check_in": response.questionnaire.title,
                "answered_at": response.submitted_at.isoformat(),
                "answers": response.scores,
                "total": response.total,
                "in_my_words": response.free_text,
            }
            for response in responses
        ],
        "conversations": [
            {
                "started_at": prompt.created_at.isoformat(),
                "you_said": prompt.you_said,
                "next_time": prompt.next_time,
                "answered_by": prompt.responded_by.display_name if prompt.responded_by else None,
            }
            for prompt in prompts
        ],
    }


@transaction.atomic
def purge_for_client(client: Membership) -> None:
    for model in (Prompt, Response, CheckinRequest):
        model.objects.filter(client=client).delete()


MY_DATA = [Section("check_ins", export_for_client, Area.CHECKINS, purge_for_client)]
