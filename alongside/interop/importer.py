"""Reads a Bundle made by ``export`` into a new organisation: one transaction, all or nothing.

The Bundle is checked first (``validate_bundle``) and every problem is reported at once. People named in
the record other than the client (supporters who suggested, met or wrote notes) become *inactive*
memberships of the new organisation, so authorship survives without giving anyone access.
The old organisation's audit trail (AuditEvent) is not replayed into the new organisation's chain:
the import writes one entry of its own.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from alongside.accounts.models import Membership, Organisation, Role, User
from alongside.audit.actions import AuditAction
from alongside.audit.log import record
from alongside.consent.models import Consent, RecipientKind
from alongside.conversations.models import Conversation, Message
from alongside.crisis.actions import clean_wording
from alongside.crisis.models import CrisisPlan, CrisisPlanVersion
from alongside.feedback.models import CheckinRequest, Questionnaire, RequestStatus, Response
from alongside.meetings.models import Meeting, MeetingGoal, Note, NoteStatus, Perspective
from alongside.plans.models import Decision, Goal, JournalEntry, Revision, Status, Step, Suggestion, SuggestionKind
from alongside.reports import tallies
from alongside.support import fhir as support_fhir
from alongside.support.actions import clean_wording as support_clean
from alongside.support.models import SupportPreferences, SupportPreferencesVersion

from . import codes
from .validation import validate_bundle

Json = dict[str, Any]


class ImportProblem(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def parse(text: str | bytes) -> Json:
    try:
        data: Json = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportProblem([f"This file is not JSON: {error}."]) from error
    return data


def moment(value: str) -> datetime:
    """A FHIR instant, dateTime or date (a date alone is the start of that day, local time)."""
    parsed = parse_datetime(value) or datetime.combine(date.fromisoformat(value), time())
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def code_in(concepts: list[Json], system: str) -> str | None:
    return next((c["code"] for cc in concepts for c in cc.get("coding", []) if c.get("system") == system), None)


def extension(node: Json, url: str) -> Json | None:
    return next((ext for ext in node.get("extension", []) if ext.get("url") == url), None)


def is_private(resource: Json) -> bool:
    labels = resource.get("meta", {}).get("security", [])
    return any(label.get("system") == codes.CONFIDENTIALITY and label.get("code") == "R" for label in labels)


def email_of(resource: Json) -> str | None:
    return next((t.get("value") for t in resource.get("telecom", []) if t.get("system") == codes.EMAIL), None)


def _shape_problems(resources: dict[str, list[Json]]) -> list[str]:
    """What our importer needs beyond valid FHIR: one Patient, and an email address for every person."""
    problems = []
    if len(resources["Patient"]) != 1:
        problems.append(f"The Bundle must hold exactly one Patient (the client); it holds {len(resources['Patient'])}.")
    for person in resources["Patient"] + resources["Practitioner"]:
        if not email_of(person):
            problems.append(f"{person['resourceType']}/{person['id']} has no email address, so no account can be made.")
    for goal in resources["Goal"]:
        if goal["lifecycleStatus"] not in (*Status.values, "rejected"):
            problems.append(f"Goal/{goal['id']}: lifecycleStatus '{goal['lifecycleStatus']}' has no counterpart here.")
    for consent in resources["Consent"]:
        if consent["status"] not in ("active", "inactive"):
            problems.append(
                f"Consent/{consent['id']}: status '{consent['status']}' is not a consent the client signed."
            )
        if len(consent.get("provision", {}).get("actor", [])) != 1:
            problems.append(f"Consent/{consent['id']}: a consent here names exactly one recipient (provision.actor).")
    return problems


class _Importer:
    def __init__(self, resources: dict[str, list[Json]], organisation: Organisation) -> None:
        self.resources = resources
        self.organisation = organisation
        self.problems: list[str] = []
        self.people: dict[str, Membership] = {}
        self.goals: dict[str, Goal] = {}
        self.steps: dict[str, Step] = {}
        self.meetings: dict[str, Meeting] = {}
        self.notes: dict[str, Note] = {}
        self.history: dict[str, list[Json]] = defaultdict(list)  # "goal-1" or "step-2" -> its revisions
        for provenance in resources["Provenance"]:
            revision = extension(provenance, codes.EXT_REVISION)
            if revision is not None:
                parts = {
                    part["url"]: next(v for k, v in part.items() if k.startswith("value"))
                    for part in revision["extension"]
                }
                key = parts.get("step") or provenance["target"][0]["reference"].partition("/")[2]
                self.history[key].append({**parts, "provenance": provenance})

    def person(self, reference: Json) -> Membership:
        return self.people[reference["reference"]]

    def created(self, key: str, fallback: datetime) -> datetime:
        first = next((h for h in self.history[key] if h.get("change") == "created" or h.get("version") == 1), None)
        return moment(first["provenance"]["recorded"]) if first else fallback

    def version(self, key: str) -> int:
        return max((h.get("version", 1) for h in self.history[key]), default=1)

    def run(self) -> Membership:
        client = self.patient(self.resources["Patient"][0])
        for practitioner in self.resources["Practitioner"]:
            self.practitioner(practitioner)
        for goal in self.resources["Goal"]:
            self.goal(client, goal)
        for plan in self.resources["CarePlan"]:
            if code_in(plan.get("category", []), codes.CARE_PLAN_CATEGORY_SYSTEM) == codes.CRISIS_PLAN_CATEGORY:
                self.crisis_plan(client, plan)
            else:
                self.care_plan(client, plan)
        self.revisions(client)
        for encounter in self.resources["Encounter"]:
            self.encounter(client, encounter)
        self.communications(client)
        self.checkins(client)
        for consent in self.resources["Consent"]:
            self.consent(client, consent)
        if self.problems:
            raise ImportProblem(self.problems)
        return client

    def patient(self, patient: Json) -> Membership:
        user = self.user(patient)
        if Membership.objects.filter(organisation=self.organisation, user=user).exists():
            raise ImportProblem([f"{user.email} already belongs to {self.organisation.name}; nothing was imported."])
        member = Membership.objects.create(
            organisation=self.organisation, user=user, role=Role.CLIENT, is_active=patient.get("active", True)
        )
        self.people[f"Patient/{patient['id']}"] = member
        return member

    def practitioner(self, practitioner: Json) -> None:
        user = self.user(practitioner)
        member = Membership.objects.filter(organisation=self.organisation, user=user).first()
        if member is None:  # authorship only: an inactive membership opens nothing
            member = Membership.objects.create(
                organisation=self.organisation, user=user, role=Role.SUPPORTER, is_active=False
            )
        self.people[f"Practitioner/{practitioner['id']}"] = member

    def user(self, person: Json) -> User:
        email = str(email_of(person)).lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            name = next((n.get("text") for n in person.get("name", []) if n.get("text")), email)
            user = User.objects.create_user(email, None, display_name=name)
        return user

    def goal(self, client: Membership, resource: Json) -> None:
        author = self.person(resource["expressedBy"])
        acceptance = extension(resource, codes.GOAL_ACCEPTANCE)
        status = next((e["valueCode"] for e in (acceptance or {}).get("extension", []) if e["url"] == "status"), None)
        if status in ("pending", "disagree") and author.pk != client.pk:
            self.suggestion(client, author, resource, Decision.DECLINED if status == "disagree" else Decision.PENDING)
            return
        if resource["lifecycleStatus"] not in Status.values:
            self.problems.append(f"Goal/{resource['id']}: a '{resource['lifecycleStatus']}' goal must be a suggestion.")
            return
        texts = {
            name: (extension(resource, url) or {}).get("valueString", "")
            for name, url in codes.GOAL_TEXT_EXTENSIONS.items()
        }
        due = next((t["dueDate"] for t in resource.get("target", []) if "dueDate" in t), None)
        self.goals[resource["id"]] = Goal.objects.create(
            organisation=self.organisation,
            client=client,
            text=resource["description"]["text"],
            life_area=code_in(resource.get("category", []), codes.LIFE_AREA_SYSTEM) or "",
            target_date=date.fromisoformat(due) if due else None,
            status=resource["lifecycleStatus"],
            is_private=is_private(resource),
            version=int(resource.get("meta", {}).get("versionId", 1)),
            written_by=client.user,
            suggested_by=None if author.pk == client.pk else author.user,
            created_at=self.created(resource["id"], moment(resource.get("startDate", timezone.now().isoformat()))),
            **texts,
        )

    def suggestion(self, client: Membership, author: Membership, resource: Json, decision: str) -> None:
        notes = resource.get("note", [])
        created = moment(notes[0]["time"]) if notes and "time" in notes[0] else moment(resource["startDate"])
        Suggestion.objects.create(
            organisation=self.organisation,
            client=client,
            suggested_by=author,
            kind=SuggestionKind.GOAL,
            text=resource["description"]["text"],
            reason=notes[0]["text"] if notes else "",
            idempotency_key=uuid.uuid4(),
            decision=decision,
            decline_reason=resource.get("statusReason", ""),
            created_at=created,
            decided_at=moment(resource["statusDate"]) if "statusDate" in resource else None,
        )

    def care_plan(self, client: Membership, plan: Json) -> None:
        positions: dict[str, int] = defaultdict(int)
        for activity in plan.get("activity", []):
            detail = activity.get("detail", {})
            goal_id = detail["goal"][0]["reference"].partition("/")[2]
            suggested = extension(detail, codes.EXT_SUGGESTED_BY)
            positions[goal_id] += 1
            key = activity.get("id", "")
            self.steps[key] = Step.objects.create(
                organisation=self.organisation,
                goal=self.goals[goal_id],
                text=detail["description"],
                position=positions[goal_id],
                status=codes.ACTIVITY_TO_STEP_STATUS.get(detail["status"], Status.ACTIVE),
                version=self.version(key),
                written_by=client.user,
                suggested_by=self.person(suggested["valueReference"]).user if suggested else None,
                created_at=self.created(key, timezone.now()),
            )

    def crisis_plan(self, client: Membership, plan: Json) -> None:
        """The crisis plan as it read when exported; its earlier versions stay with the old organisation."""
        wording: dict[str, Any] = {}
        for note in plan.get("note", []):
            section = extension(note, codes.EXT_CRISIS_PLAN_SECTION)
            if section is not None:
                wording[section["valueCode"]] = note["text"]
        wording = clean_wording(wording | {"include_medicines": bool(wording.get("medicines"))})
        created = moment(plan["created"]) if plan.get("created") else timezone.now()
        version = int(plan.get("meta", {}).get("versionId", 1))
        crisis_plan = CrisisPlan.objects.create(
            organisation=self.organisation, client=client, version=version, created_at=created, **wording
        )
        CrisisPlanVersion.objects.create(
            organisation=self.organisation,
            client=client,
            plan=crisis_plan,
            version=version,
            snapshot=json.dumps(wording, sort_keys=True),
            saved_by=client.user,
        )

    def support_preferences(self, client: Membership, response: Json) -> None:
        """How the client wants to be supported, as it read when exported (earlier versions stay behind)."""
        wording = support_clean(support_fhir.wording_from(response))
        version = int(response.get("meta", {}).get("versionId", 1))
        preferences = SupportPreferences.objects.create(
            organisation=self.organisation, client=client, version=version, **wording
        )
        SupportPreferencesVersion.objects.create(
            organisation=self.organisation,
            client=client,
            preferences=preferences,
            version=version,
            snapshot=json.dumps(wording, sort_keys=True),
            saved_by=client.user,
        )

    def revisions(self, client: Membership) -> None:
        for key, entries in self.history.items():
            for entry in entries:
                provenance = entry["provenance"]
                agents = {a["type"]["coding"][0]["code"]: self.person(a["who"]) for a in provenance["agent"]}
                step = self.steps.get(key)
                Revision.objects.create(
                    organisation=self.organisation,
                    goal=step.goal if step else self.goals[key],
                    step=step,
                    version=entry["version"],
                    change=entry["change"],
                    changed_by=agents.get("attester", agents["author"]).user,
                    suggested_by=agents["author"].user if "attester" in agents else None,
                    snapshot=entry["snapshot"],
                    created_at=moment(provenance["recorded"]),
                )

    def encounter(self, client: Membership, resource: Json) -> None:
        if resource["id"].startswith("encounter-attendance-"):
            return  # attendance at a group this organisation does not run: not imported (docs/interop.md)
        supporter = self.person(resource["participant"][0]["individual"])
        meeting = Meeting.objects.create(
            organisation=self.organisation,
            client=client,
            supporter=supporter,
            held_at=moment(resource["period"]["start"]),
            mode=code_in(resource.get("type", []), codes.MEETING_MODE_SYSTEM) or "",
            duration_minutes=int(resource["length"]["value"]),
            recorded_by=supporter.user,
        )
        self.meetings[resource["id"]] = meeting
        for link in resource.get("extension", []):
            if link["url"] == codes.EXT_MEETING_GOAL:
                goal = self.goals[link["valueReference"]["reference"].partition("/")[2]]
                MeetingGoal.objects.create(organisation=self.organisation, meeting=meeting, goal=goal)

    def communications(self, client: Membership) -> None:
        for resource in self.resources["Communication"]:
            kind = code_in(resource.get("category", []), codes.COMMUNICATION_KIND_SYSTEM)
            text, sent = resource["payload"][0]["contentString"], moment(resource["sent"])
            if kind == "note":
                self.notes[resource["id"]] = Note.objects.create(
                    organisation=self.organisation,
                    client=client,
                    meeting=self.meetings[resource["encounter"]["reference"].partition("/")[2]],
                    author=self.person(resource["sender"]),
                    status=NoteStatus.PUBLISHED,
                    body=text,
                    version=int(resource.get("meta", {}).get("versionId", 1)),
                    created_at=sent,
                    published_at=sent,
                    changed_at=sent,
                )
            elif kind == "perspective":
                note = self.notes[resource["inResponseTo"][0]["reference"].partition("/")[2]]
                Perspective.objects.create(
                    organisation=self.organisation, client=client, note=note, body=text, created_at=sent
                )
            elif kind == "message":
                self.message(client, resource, text, sent)
            elif kind == "journal":
                JournalEntry.objects.create(
                    organisation=self.organisation,
                    client=client,
                    text=text,
                    is_private=is_private(resource),
                    created_at=sent,
                )

    def message(self, client: Membership, resource: Json, text: str, sent: datetime) -> None:
        """A message of the client's conversation; a withdrawn one ("stopped") arrives withdrawn, without words."""
        conversation, _ = Conversation.objects.get_or_create(
            client=client, defaults={"organisation": self.organisation}
        )
        Message.objects.create(
            organisation=self.organisation,
            client=client,
            conversation=conversation,
            author=self.person(resource["sender"]),
            body=text,
            sent_at=sent,
            version=int(resource.get("meta", {}).get("versionId", 1)),
            withdrawn_at=sent if resource["status"] == "stopped" else None,
        )

    def checkins(self, client: Membership) -> None:
        totals = {
            o["derivedFrom"][0]["reference"].partition("/")[2]: o["valueInteger"]
            for o in self.resources["Observation"]
            if "valueInteger" in o and o.get("derivedFrom")
        }
        for resource in self.resources["QuestionnaireResponse"]:
            if support_fhir.is_ours(resource):
                self.support_preferences(client, resource)
                continue
            form = self.questionnaire(resource["questionnaire"])
            if form is None:
                continue
            answers = [(item["linkId"], item["answer"][0]) for item in resource.get("item", []) if item.get("answer")]
            scores = {link: answer["valueInteger"] for link, answer in answers if "valueInteger" in answer}
            texts = {link: answer["valueString"] for link, answer in answers if "valueString" in answer}
            authored = moment(resource["authored"])
            encounter = resource.get("encounter", {}).get("reference", "").partition("/")[2]
            request = CheckinRequest.objects.create(
                organisation=self.organisation,
                client=client,
                questionnaire=form,
                meeting=self.meetings.get(encounter),
                created_at=authored,
                status=RequestStatus.ANSWERED,
                closed_at=authored,
            )
            Response.objects.create(
                organisation=self.organisation,
                client=client,
                questionnaire=form,
                request=request,
                submitted_at=authored,
                scores=scores,
                free_text=json.dumps(texts) if texts else None,
                total=totals.get(resource["id"], sum(scores.values())),
            )

    def consent(self, client: Membership, resource: Json) -> None:
        """The consent as signed. One naming the old organisation's supervisors names people outside this one."""
        provision = resource["provision"]
        actor = provision["actor"][0]
        kind = code_in([actor["role"]], codes.CONSENT_RECIPIENT_SYSTEM)
        member = self.people.get(actor["reference"].get("reference", ""))
        if kind != RecipientKind.PERSON or member is None:
            kind, member = RecipientKind.OUTSIDE, None
        revoked = extension(resource, codes.EXT_CONSENT_REVOKED) or {"extension": []}
        revocation = {part["url"]: part for part in revoked["extension"]}
        Consent.objects.create(
            organisation=self.organisation,
            client=client,
            request_key=uuid.uuid4(),
            client_name=resource["patient"].get("display", client.user.display_name),
            discloser_name=resource["organization"][0].get("display", ""),
            recipient_kind=kind,
            recipient_member=member,
            recipient_name=actor["reference"].get("display", ""),
            areas=[c["code"] for c in provision.get("class", []) if c.get("system") == codes.CONSENT_AREA_SYSTEM],
            purpose=(extension(provision, codes.EXT_CONSENT_PURPOSE) or {}).get("valueString", ""),
            expires_on=date.fromisoformat(provision["period"]["end"][:10]),
            expiry_event=(extension(resource, codes.EXT_CONSENT_EXPIRY_EVENT) or {}).get("valueString", ""),
            signature=(extension(resource, codes.EXT_CONSENT_SIGNATURE) or {}).get("valueString", ""),
            signed_at=moment(resource["dateTime"]),
            revoked_at=moment(revocation["at"]["valueDateTime"]) if "at" in revocation else None,
            revoked_by=self.person(revocation["by"]["valueReference"]).user if "by" in revocation else None,
        )

    def questionnaire(self, canonical: str) -> Questionnaire | None:
        url, _, version = canonical.partition("|")
        name = url.removeprefix(f"{codes.QUESTIONNAIRE_URL}/")
        form = Questionnaire.objects.available_to(self.organisation.pk).filter(name=name, version=version).first()
        if form is None:
            self.problems.append(
                f"The check-in '{name}' version {version} is not available in {self.organisation.name}: "
                "an admin loads its definition first (Organisation, check-in definitions), then import again."
            )
        return form


def import_bundle(bundle: Any, organisation_slug: str, *, by: User | None = None) -> Membership:
    """Create the client and their record in organisation ``organisation_slug``; ImportProblem if anything is wrong."""
    problems = validate_bundle(bundle)
    organisation = Organisation.objects.filter(slug=organisation_slug).first()
    if organisation is None:
        problems.insert(0, f"There is no organisation '{organisation_slug}'. Create it first (alongside createorg).")
    if problems:
        raise ImportProblem(problems)
    resources: dict[str, list[Json]] = defaultdict(list)
    for entry in bundle["entry"]:
        resources[entry["resource"]["resourceType"]].append(entry["resource"])
    problems = _shape_problems(resources)
    if problems or organisation is None:
        raise ImportProblem(problems)
    with transaction.atomic():
        try:
            client = _Importer(resources, organisation).run()
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise ImportProblem(
                [f"This is valid FHIR, but not in the shape Alongside exports ({type(error).__name__}: {error})."]
            ) from error
        tallies.add_client(client.pk)  # the new client's records, for the organisation dashboard
        record(
            organisation=organisation,
            actor=by,
            action=AuditAction.FHIR_IMPORT,
            client=client,
            detail={"resources": len(bundle["entry"])},
        )
    return client
