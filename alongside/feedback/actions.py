"""Every write about check-ins goes through here, with its audit entry in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alongside import policy
from alongside.accounts.models import Membership, Organisation
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.meetings.models import Meeting
from alongside.notifications.kinds import Kind
from alongside.notifications.outbox import link_to, notify
from alongside.policy import Area
from alongside.reports import tallies

from .definitions import parse_bytes
from .models import (
    RESPONSE_MAX_CHARS,
    CheckinRequest,
    Prompt,
    Questionnaire,
    ReliabilityEstimate,
    RequestStatus,
    Response,
)
from .reliability import MINIMUM_ANSWERS, needs_estimate, reliability_for
from .scoring import PromptRule, reliable_change, total, triggered_rules
from .tasks import refresh_reliability


@transaction.atomic
def load_definition(
    organisation: Organisation, content: bytes, *, by: Membership, request: HttpRequest
) -> Questionnaire:
    """An organisation admin adds a definition of its own (for example one it holds a licence for)."""
    policy.require(policy.may_load_definition(by, organisation.pk), _("Only an admin can load a check-in."))
    data, definition = parse_bytes(content)
    if Questionnaire.objects.filter(organisation=organisation, name=definition.name, version=definition.version):
        raise ValidationError(
            _(
                "Your organisation already has version %(version)s of “%(name)s”. "
                "Give the new file a new version to load it."
            )
            % {"version": definition.version, "name": definition.name}
        )
    questionnaire = Questionnaire.objects.create(
        organisation=organisation,
        name=definition.name,
        version=definition.version,
        title=definition.title,
        purpose=definition.purpose,
        validated=definition.validated,
        definition=data,
        loaded_by=by.user,
    )
    record(
        organisation=organisation,
        actor=by.user,
        action=AuditAction.CHECKIN_DEFINITION_LOAD,
        target=f"questionnaire:{questionnaire.pk}",
        detail={"name": definition.name, "version": definition.version},
        request=request,
    )
    return questionnaire


def _open_request(client: Membership, questionnaire: Questionnaire, meeting: Meeting | None) -> CheckinRequest:
    checkin = CheckinRequest.objects.create(
        organisation_id=client.organisation_id, client=client, questionnaire=questionnaire, meeting=meeting
    )
    record(
        organisation=client.organisation,
        actor=None,
        action=AuditAction.CHECKIN_OFFER,
        client=client,
        target=f"checkin_request:{checkin.pk}",
        detail={"questionnaire": questionnaire.name},
    )
    return checkin


def _due_periodic(client: Membership, now: datetime) -> list[Questionnaire]:
    """Periodic check-ins whose interval has passed since the last offer: never more often than that."""
    due = []
    for purpose in ("wellbeing", "recovery"):
        questionnaire = Questionnaire.objects.for_purpose(client.organisation_id, purpose)
        every_days = questionnaire.parsed.every_days if questionnaire else None
        if questionnaire is None or every_days is None:
            continue
        recent = CheckinRequest.objects.filter(
            client=client,
            questionnaire__purpose=purpose,
            created_at__gt=now - timedelta(days=every_days),
        )
        if not recent.exists():
            due.append(questionnaire)
    return due


@transaction.atomic
def offer_checkins(client: Membership, *, meeting: Meeting | None, link: str, email: bool) -> list[CheckinRequest]:
    """Invite the client to the session check-in for ``meeting`` and to any periodic check-in now due."""
    policy.require(policy.may_receive_checkins(client), _("Check-ins are offered to active clients only."))
    with tallies.kept(client.pk):
        offered = [_open_request(client, form, None) for form in _due_periodic(client, timezone.now())]
        session = meeting and Questionnaire.objects.for_purpose(client.organisation_id, "session")
        if session:
            offered.insert(0, _open_request(client, session, meeting))
    if offered and email:  # the message names no check-in: its title could say what it is about
        notify([client], Kind.CHECKIN, link, event=f"checkin_request:{offered[0].pk}")
    return offered


def checkins_link(client: Membership, request: HttpRequest | None, base_url: str = "") -> str:
    path = reverse("feedback:checkins", args=[client.pk])
    return request.build_absolute_uri(path) if request else base_url.rstrip("/") + path


def _locked_for(checkin: CheckinRequest, by: Membership) -> CheckinRequest:
    """The request, locked against a simultaneous second submit; only its client may answer or skip it."""
    checkin = CheckinRequest.objects.select_for_update().select_related("questionnaire").get(pk=checkin.pk)
    policy.require(policy.is_own(by, checkin.client_id), _("Only the person a check-in is for can answer or skip it."))
    return checkin


def _close(
    checkin: CheckinRequest,
    status: str,
    by: Membership,
    target: str,
    detail: dict[str, Any],
    request: HttpRequest | None,
) -> None:
    checkin.status, checkin.closed_at = status, timezone.now()
    checkin.save(update_fields=["status", "closed_at"])
    action = AuditAction.CHECKIN_ANSWER if status == RequestStatus.ANSWERED else AuditAction.CHECKIN_SKIP
    record(
        organisation=by.organisation,
        actor=by.user,
        action=action,
        client=by,
        target=target,
        detail=detail,
        request=request,
    )


def _previous(checkin: CheckinRequest) -> Response | None:
    return (
        Response.objects.filter(client_id=checkin.client_id, questionnaire_id=checkin.questionnaire_id)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def store_answers(
    checkin: CheckinRequest, scores: dict[str, int], texts: dict[str, str], submitted_at: datetime
) -> tuple[Response, list[PromptRule]]:
    """Store checked answers with their total, and raise a conversation prompt if a rule of the definition is met.

    Also the demo's way to fill in past answers, so it asks the policy itself.
    """
    policy.require(policy.may_receive_checkins(checkin.client), _("Answers are kept for active clients only."))
    definition = checkin.questionnaire.parsed
    value, previous = total(list(scores.values())), _previous(checkin)
    before = previous.total if previous else None
    reliability = reliability_for(checkin.questionnaire, checkin.organisation_id)
    change = reliable_change(before, value, reliability, higher_is_better=definition.higher_is_better)
    response = Response.objects.create(
        organisation_id=checkin.organisation_id,
        client_id=checkin.client_id,
        questionnaire=checkin.questionnaire,
        request=checkin,
        submitted_at=submitted_at,
        scores=scores,
        free_text=json.dumps(texts) if texts else None,
        total=value,
    )
    rules = triggered_rules(
        definition.prompt_rules, value=value, previous=before, cutoff=definition.cutoff, change=change
    )
    if rules:
        Prompt.objects.create(
            organisation_id=checkin.organisation_id,
            client_id=checkin.client_id,
            response=response,
            rules=rules,
            created_at=submitted_at,
        )
    if previous is None:
        _estimate_again_soon(checkin.organisation_id, checkin.questionnaire)
    return response, rules


def _estimate_again_soon(organisation_id: int, questionnaire: Questionnaire) -> None:
    """A client's first answer adds to the organisation's reliability estimate. While that rests on fewer than
    ``MINIMUM_ANSWERS`` people it is worked out again in the background (a few dozen rows) once the answer is
    committed, so "N of 30" stays current; above that the daily ``alongside checkins reliability`` keeps it."""
    if not needs_estimate(questionnaire.parsed):
        return
    estimates = ReliabilityEstimate.objects.filter(organisation_id=organisation_id, questionnaire=questionnaire)
    if not estimates.filter(n__gte=MINIMUM_ANSWERS).exists():
        transaction.on_commit(lambda: refresh_reliability.enqueue(organisation_id, questionnaire.pk))


@transaction.atomic
def submit_response(
    checkin: CheckinRequest, raw: Mapping[str, Any], *, by: Membership, request: HttpRequest | None = None
) -> tuple[Response, bool]:
    """Store the client's answers once; returns (response, created). A repeat submit returns the first one."""
    with tallies.kept(checkin.client_id):
        checkin = _locked_for(checkin, by)
        if checkin.status == RequestStatus.ANSWERED:
            return Response.objects.get(request=checkin), False
        if checkin.status == RequestStatus.SKIPPED:
            raise ValidationError(_("You skipped this check-in, so it is closed. There will be another one."))
        scores, texts = checkin.questionnaire.parsed.clean_answers(raw)
        response, rules = store_answers(checkin, scores, texts, timezone.now())
        detail = {"questionnaire": checkin.questionnaire.name, "prompt": bool(rules)}
        _close(checkin, RequestStatus.ANSWERED, by, f"checkin_response:{response.pk}", detail, request)
    if rules:
        _tell_supporters_of_prompt(checkin.client, response, request)
    return response, True


def _tell_supporters_of_prompt(client: Membership, response: Response, request: HttpRequest | None) -> None:
    prompt = Prompt.objects.get(response=response)
    link = link_to(reverse("feedback:respond", args=[client.pk, prompt.pk]), request)
    notify(policy.supporters_to_tell(client), Kind.CHECKIN_PROMPT, link, event=f"prompt:{prompt.pk}")


@transaction.atomic
def skip(checkin: CheckinRequest, *, by: Membership, request: HttpRequest | None = None) -> None:
    with tallies.kept(checkin.client_id):
        checkin = _locked_for(checkin, by)
        if checkin.status == RequestStatus.OPEN:  # a repeated click changes nothing
            _close(checkin, RequestStatus.SKIPPED, by, f"checkin_request:{checkin.pk}", {}, request)


@transaction.atomic
def respond_to_prompt(
    prompt: Prompt, *, you_said: str, next_time: str, by: Membership, request: HttpRequest | None = None
) -> Prompt:
    """The supporter closes the loop: "You said…, so next time we will…". The client sees it."""
    prompt = Prompt.objects.select_for_update().select_related("client__organisation").get(pk=prompt.pk)
    allowed = policy.may_contribute_as_supporter(by, Area.CHECKINS, prompt.client)
    policy.require(allowed, _("A conversation prompt is answered by the client's peer supporter."))
    if prompt.responded_at is not None:
        raise ValidationError(_("This prompt already has a response; the client can see it."))
    you_said, next_time = you_said.strip(), next_time.strip()
    if not you_said or not next_time:
        raise ValidationError(_("Please fill in both parts: what they said, and what you will do next time."))
    if len(you_said) > RESPONSE_MAX_CHARS or len(next_time) > RESPONSE_MAX_CHARS:
        raise ValidationError(
            _("Please keep each part to %(limit)s characters or fewer.")
            % {"limit": number_format(RESPONSE_MAX_CHARS, force_grouping=True)}
        )
    prompt.you_said, prompt.next_time = you_said, next_time
    with tallies.kept(prompt.client_id):
        prompt.responded_by, prompt.responded_at = by.user, timezone.now()
        prompt.save(update_fields=["you_said", "next_time", "responded_by", "responded_at"])
    record(
        organisation=prompt.client.organisation,
        actor=by.user,
        action=AuditAction.CHECKIN_PROMPT_RESPOND,
        client=prompt.client,
        target=f"prompt:{prompt.pk}",
        request=request,
    )
    link = link_to(reverse("feedback:checkins", args=[prompt.client_id]), request)
    notify([prompt.client], Kind.REPLY, link, event=f"prompt.reply:{prompt.pk}")
    return prompt


@transaction.atomic
def mark_replies_seen(client: Membership, *, by: Membership, request: HttpRequest | None = None) -> list[int]:
    """The client opened their check-ins page, where every reply is shown: none of them is "new" any more.

    Only the client's own visit counts. The rows are locked first, so of two visits at once only the first
    marks them (and audits); the second finds nothing left to mark. Returns the ids marked now.
    """
    policy.require(policy.is_own(by, client.pk), _("Only the person the replies are for can see them as read."))
    unseen = Prompt.objects.select_for_update().filter(client=client, responded_at__isnull=False, seen_at__isnull=True)
    ids = list(unseen.values_list("pk", flat=True))
    if ids:
        Prompt.objects.filter(pk__in=ids, seen_at__isnull=True).update(seen_at=timezone.now())
    for prompt_id in ids:
        record(
            organisation=client.organisation,
            actor=by.user,
            action=AuditAction.CHECKIN_REPLY_SEEN,
            client=client,
            target=f"prompt:{prompt_id}",
            request=request,
        )
    return ids
