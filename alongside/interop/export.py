"""One client's record as a FHIR R4B Bundle (type collection), built as plain JSON.

Ids are ``<kind>-<our primary key>``: stable between exports from one installation, meaningless elsewhere
(the importer gives everything new keys). What is left out, and why, is in docs/interop.md.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from alongside.accounts.models import Membership, User
from alongside.audit.models import AuditEntry
from alongside.billing.models import SessionRecord
from alongside.consent.models import Consent
from alongside.conversations.models import Message
from alongside.core.dates import minutes_from
from alongside.crisis.models import CrisisPlan
from alongside.crisis.queries import written
from alongside.feedback.models import Questionnaire, Response
from alongside.groups.models import Attendance
from alongside.meetings.models import Meeting, Mode, Note, Perspective
from alongside.plans.models import Decision, Goal, JournalEntry, Revision, Step, Suggestion
from alongside.support import fhir as support_fhir

from . import codes
from .records import Record, load

Json = dict[str, Any]
WITHDRAWN = "This message was withdrawn."  # the only words a withdrawn message carries out of Alongside


def ref(resource_type: str, resource_id: str) -> Json:
    return {"reference": f"{resource_type}/{resource_id}"}


def coding(system: str, code: str) -> Json:
    return {"system": system, "code": code}


def concept(system: str, code: str) -> Json:
    return {"coding": [coding(system, code)]}


def instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def meta(*, version: int | None = None, is_private: bool = False) -> Json:
    """``meta`` with the item's version and, when the client marked it private, the "restricted" label."""
    value: Json = {} if version is None else {"versionId": str(version)}
    if is_private:
        value["security"] = [coding(codes.CONFIDENTIALITY, codes.PRIVATE_LABEL)]
    return {"meta": value} if value else {}


class Builder:
    """Turns a loaded ``Record`` into Bundle entries; knows how to name each person it references."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.client = record.client
        self.patient = ref("Patient", f"patient-{self.client.pk}")
        self.entries: list[Json] = []

    def person(self, user_id: int) -> Json:
        if user_id == self.client.user_id:
            return self.patient
        return ref("Practitioner", f"practitioner-{user_id}")

    def add(self, resource: Json) -> None:
        self.entries.append(
            {"fullUrl": f"{codes.BASE}/{resource['resourceType']}/{resource['id']}", "resource": resource}
        )

    def build(self) -> Json:
        self.add(self.organization())
        self.add(self.patient_resource())
        for user in sorted(self.record.staff.values(), key=lambda user: user.pk):
            self.add(practitioner(user))
        for goal in self.record.goals:
            self.add(self.goal(goal))
        for suggestion in self.record.goal_suggestions:
            self.add(self.suggested_goal(suggestion))
        self.add(self.care_plan())
        if self.record.crisis_plan is not None:
            self.add(self.crisis_plan(self.record.crisis_plan))
        for resource in support_fhir.resources(self.client, self.patient):  # how they want to be supported
            self.add(resource)
        for revision in self.record.revisions:
            self.add(self.revision(revision))
        for meeting in self.record.meetings:
            self.add(self.encounter(meeting))
        for attendance in self.record.group_attendance:
            self.add(self.group_encounter(attendance))
        for note in self.record.notes:
            self.add(self.note(note))
        for perspective in self.record.perspectives:
            self.add(self.perspective(perspective))
            self.add(self.annotation(perspective))
        for entry in self.record.journal:
            self.add(self.journal_entry(entry))
        for message in self.record.messages:
            self.add(self.message(message))
        self.add_checkins()
        for consent in self.record.consents:
            self.add(self.consent(consent))
        for audit in self.record.audit:
            self.add(self.audit_event(audit))
        return {
            "resourceType": "Bundle",
            "id": f"record-{self.client.pk}",
            "type": "collection",
            "timestamp": instant(timezone.now()),
            "entry": self.entries,
        }

    def organization(self) -> Json:
        organisation = self.client.organisation
        return {"resourceType": "Organization", "id": f"organization-{organisation.pk}", "name": organisation.name}

    def patient_resource(self) -> Json:
        user, organisation = self.client.user, self.client.organisation
        return {
            "resourceType": "Patient",
            "id": f"patient-{self.client.pk}",
            "identifier": [{"system": f"{codes.MEMBER_IDENTIFIER}/{organisation.slug}", "value": str(self.client.pk)}],
            "active": self.client.is_active,
            "name": [{"text": user.display_name}],
            "telecom": [{"system": codes.EMAIL, "value": user.email}],
            "managingOrganization": ref("Organization", f"organization-{organisation.pk}"),
        }

    def goal(self, goal: Goal) -> Json:
        resource: Json = {
            "resourceType": "Goal",
            "id": f"goal-{goal.pk}",
            **meta(version=goal.version, is_private=goal.is_private),
            "lifecycleStatus": goal.status,
            "description": {"text": goal.text},
            "subject": self.patient,
            "startDate": timezone.localdate(goal.created_at).isoformat(),
            "expressedBy": self.person(goal.suggested_by_id or goal.written_by_id),
        }
        extensions = [
            {"url": url, "valueString": getattr(goal, name)}
            for name, url in codes.GOAL_TEXT_EXTENSIONS.items()
            if getattr(goal, name)
        ]
        if goal.suggested_by_id:
            extensions.insert(0, acceptance(self.patient, "agree"))
        if extensions:
            resource["extension"] = extensions
        if goal.status in codes.ACHIEVEMENT:
            resource["achievementStatus"] = concept(codes.GOAL_ACHIEVEMENT, codes.ACHIEVEMENT[goal.status])
        if goal.life_area:
            resource["category"] = [concept(codes.LIFE_AREA_SYSTEM, goal.life_area)]
        if goal.target_date:
            resource["target"] = [{"dueDate": goal.target_date.isoformat()}]
        return resource

    def suggested_goal(self, suggestion: Suggestion) -> Json:
        """A goal a supporter suggested that is not (yet) in the plan: proposed, or rejected by the client."""
        declined = suggestion.decision == Decision.DECLINED
        resource: Json = {
            "resourceType": "Goal",
            "id": f"goal-suggestion-{suggestion.pk}",
            "extension": [acceptance(self.patient, "disagree" if declined else "pending")],
            "lifecycleStatus": "rejected" if declined else "proposed",
            "description": {"text": suggestion.text},
            "subject": self.patient,
            "startDate": timezone.localdate(suggestion.created_at).isoformat(),
            "expressedBy": self.person(suggestion.suggested_by.user_id),
        }
        if suggestion.reason:
            resource["note"] = [
                {
                    "authorReference": resource["expressedBy"],
                    "text": suggestion.reason,
                    "time": instant(suggestion.created_at),
                }
            ]
        if declined and suggestion.decline_reason:
            resource["statusReason"] = suggestion.decline_reason
        if suggestion.decided_at:
            resource["statusDate"] = timezone.localdate(suggestion.decided_at).isoformat()
        return resource

    def care_plan(self) -> Json:
        resource: Json = {
            "resourceType": "CarePlan",
            "id": f"careplan-{self.client.pk}",
            "status": "active" if self.client.is_active else "completed",
            "intent": "plan",
            "title": "My recovery plan",
            "subject": self.patient,
            "author": self.patient,
        }
        if self.record.goals:
            resource["goal"] = [ref("Goal", f"goal-{goal.pk}") for goal in self.record.goals]
        if self.record.steps:
            resource["activity"] = [{"id": f"step-{step.pk}", "detail": self.step(step)} for step in self.record.steps]
        return resource

    def crisis_plan(self, plan: CrisisPlan) -> Json:
        """The client's crisis plan: a second CarePlan, told apart by its category; one note per section."""
        resource: Json = {
            "resourceType": "CarePlan",
            "id": f"careplan-crisis-{self.client.pk}",
            **meta(version=plan.version),
            "status": "active" if self.client.is_active else "completed",
            "intent": "plan",
            "category": [
                {
                    "coding": [coding(codes.CARE_PLAN_CATEGORY_SYSTEM, codes.CRISIS_PLAN_CATEGORY)],
                    "text": "Crisis plan",
                }
            ],
            "title": "My crisis plan",
            "subject": self.patient,
            "created": instant(plan.created_at),
            "author": self.patient,
        }
        sections = written(plan)
        if sections:
            resource["note"] = [
                {
                    "extension": [{"url": codes.EXT_CRISIS_PLAN_SECTION, "valueCode": section.field}],
                    "time": instant(plan.updated_at),
                    "text": section.text,
                }
                for section in sections
            ]
        return resource

    def step(self, step: Step) -> Json:
        detail: Json = {
            "status": codes.STEP_STATUS_TO_ACTIVITY[step.status],
            "description": step.text,
            "goal": [ref("Goal", f"goal-{step.goal_id}")],
        }
        if step.suggested_by_id:
            detail["extension"] = [{"url": codes.EXT_SUGGESTED_BY, "valueReference": self.person(step.suggested_by_id)}]
        return detail

    def revision(self, revision: Revision) -> Json:
        """One history entry: who changed a goal or step, how, when, and the wording afterwards."""
        parts = [
            {"url": "version", "valueInteger": revision.version},
            {"url": "change", "valueCode": revision.change},
            {"url": "snapshot", "valueString": revision.snapshot},
        ]
        if revision.step_id:
            parts.append({"url": "step", "valueString": f"step-{revision.step_id}"})
        agents = [{"type": concept(codes.PROVENANCE_AGENT, "author"), "who": self.person(revision.changed_by_id)}]
        if revision.suggested_by_id:
            agents = [
                {"type": concept(codes.PROVENANCE_AGENT, "author"), "who": self.person(revision.suggested_by_id)},
                {"type": concept(codes.PROVENANCE_AGENT, "attester"), "who": self.person(revision.changed_by_id)},
            ]
        return {
            "resourceType": "Provenance",
            "id": f"provenance-revision-{revision.pk}",
            "extension": [{"url": codes.EXT_REVISION, "extension": parts}],
            "target": [ref("Goal", f"goal-{revision.goal_id}")],
            "recorded": instant(revision.created_at),
            "activity": {
                "coding": [
                    coding(codes.DATA_OPERATION, codes.CHANGE_OPERATION.get(revision.change, "UPDATE")),
                    coding(codes.CHANGE_SYSTEM, revision.change),
                ]
            },
            "agent": agents,
        }

    def _encounter(self, encounter_id: str, mode: str, start: datetime, end: datetime, minutes: int) -> Json:
        """What every Encounter says, whether a meeting or a group session: whose, how, when and how long."""
        return {
            "resourceType": "Encounter",
            "id": encounter_id,
            "status": "finished",
            "class": coding(codes.ACT_CODE, codes.MODE_CLASS[mode]),
            "type": [concept(codes.MEETING_MODE_SYSTEM, mode)],
            "subject": self.patient,
            "period": {"start": instant(start), "end": instant(end)},
            "length": {"value": minutes, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"},
        }

    def _goals_worked_on(self, resource: Json, goal_ids: list[int], record: SessionRecord | None) -> None:
        """The goals a session worked on: the meeting's own, then those its signed record names (each once)."""
        if record is not None:
            self.documented(resource, record)
            goal_ids += [
                link.goal_id
                for link in self.record.session_goals
                if link.record_id == record.pk and link.goal_id not in goal_ids
            ]
        if goal_ids:
            resource["extension"] = [
                {"url": codes.EXT_MEETING_GOAL, "valueReference": ref("Goal", f"goal-{goal_id}")}
                for goal_id in goal_ids
            ]

    def encounter(self, meeting: Meeting) -> Json:
        end = meeting.held_at + timedelta(minutes=meeting.duration_minutes)
        resource = self._encounter(
            f"encounter-{meeting.pk}", meeting.mode, meeting.held_at, end, meeting.duration_minutes
        )
        resource["participant"] = [{"individual": self.person(meeting.supporter.user_id)}]
        goals = [link.goal_id for link in self.record.meeting_goals if link.meeting_id == meeting.pk]
        self._goals_worked_on(resource, list(dict.fromkeys(goals)), self.record.session_records.get(meeting.pk))
        return resource

    def group_encounter(self, attendance: Attendance) -> Json:
        """The client's attendance at a group session (present or left early): an Encounter of the "group" mode.

        It names the client alone, never who else came; a signed record of it adds its service code (e.g. H0038
        HQ), times, author and goals, as for a meeting."""
        session = attendance.session
        resource = self._encounter(
            f"encounter-attendance-{attendance.pk}", Mode.GROUP, session.starts_at, session.ends_at, session.minutes
        )
        self._goals_worked_on(resource, [], self.record.group_records.get(attendance.pk))
        return resource

    def documented(self, resource: Json, record: SessionRecord) -> None:
        """A signed session record adds the service code, its own times and who performed the service.

        The goals it served go into the same goal extension as the meeting's: R4B's ``Encounter.reasonReference``
        may not point at a Goal (docs/interop.md).
        """
        if record.service_code is not None:
            code = record.service_code
            resource["serviceType"] = {
                "coding": [{"system": codes.HCPCS, "code": code.code, "display": code.description}],
                "text": code.label,
            }
        if record.service_date and record.start_time and record.end_time:
            zone = timezone.get_current_timezone()
            start = datetime.combine(record.service_date, record.start_time, tzinfo=zone)
            minutes = minutes_from(record.start_time, record.end_time)  # past midnight, it ends the next day
            resource["period"] = {"start": instant(start), "end": instant(start + timedelta(minutes=minutes))}
            resource["length"]["value"] = minutes
        resource["participant"] = [
            {
                "type": [concept(codes.PARTICIPATION_TYPE, "PPRF")],
                "individual": self.person(record.author.user_id),
            }
        ]

    def communication(self, kind: str, resource_id: str, sender: Json, sent: datetime, text: str) -> Json:
        return {
            "resourceType": "Communication",
            "id": resource_id,
            "status": "completed",
            "category": [concept(codes.COMMUNICATION_KIND_SYSTEM, kind)],
            "subject": self.patient,
            "sent": instant(sent),
            "sender": sender,
            "payload": [{"contentString": text}],
        }

    def note(self, note: Note) -> Json:
        resource = self.communication(
            "note", f"note-{note.pk}", self.person(note.author.user_id), note.published_at or note.created_at, note.body
        )
        resource.update(meta(version=note.version))
        resource["encounter"] = ref("Encounter", f"encounter-{note.meeting_id}")
        resource["recipient"] = [self.patient]
        return resource

    def perspective(self, perspective: Perspective) -> Json:
        resource = self.communication(
            "perspective", f"perspective-{perspective.pk}", self.patient, perspective.created_at, perspective.body
        )
        resource["inResponseTo"] = [ref("Communication", f"note-{perspective.note_id}")]
        return resource

    def annotation(self, perspective: Perspective) -> Json:
        """The client's view added beside a note: Provenance of the annotation, the note as its source."""
        return {
            "resourceType": "Provenance",
            "id": f"provenance-perspective-{perspective.pk}",
            "target": [ref("Communication", f"perspective-{perspective.pk}")],
            "recorded": instant(perspective.created_at),
            "activity": concept(codes.DATA_OPERATION, "APPEND"),
            "agent": [{"type": concept(codes.PROVENANCE_AGENT, "author"), "who": self.patient}],
            "entity": [{"role": "source", "what": ref("Communication", f"note-{perspective.note_id}")}],
        }

    def journal_entry(self, entry: JournalEntry) -> Json:
        resource = self.communication("journal", f"journal-{entry.pk}", self.patient, entry.created_at, entry.text)
        return {**resource, **meta(is_private=entry.is_private)}

    def message(self, message: Message) -> Json:
        """A message between the client and their supporters, as it reads now. A withdrawn one is "stopped" and
        carries no words, as everyone in the conversation sees it (docs/messages.md)."""
        text = WITHDRAWN if message.withdrawn_at else message.body
        resource = self.communication(
            "message", f"message-{message.pk}", self.person(message.author.user_id), message.sent_at, text
        )
        resource.update(meta(version=message.version))
        if message.withdrawn_at:
            resource["status"] = "stopped"
        if not message.from_client:
            resource["recipient"] = [self.patient]
        return resource

    def add_checkins(self) -> None:
        forms: dict[int, Questionnaire] = {}
        for response in self.record.responses:
            forms.setdefault(response.questionnaire_id, response.questionnaire)
        for form in forms.values():
            self.add(questionnaire(form))
        for response in self.record.responses:
            self.add(self.questionnaire_response(response))
            self.add(self.observation(response))

    def questionnaire_response(self, response: Response) -> Json:
        texts = response.texts
        items = []
        for item in response.questionnaire.parsed.items:
            if item.link_id in response.scores:
                items.append({"linkId": item.link_id, "answer": [{"valueInteger": response.scores[item.link_id]}]})
            elif item.link_id in texts:
                items.append({"linkId": item.link_id, "answer": [{"valueString": texts[item.link_id]}]})
        resource: Json = {
            "resourceType": "QuestionnaireResponse",
            "id": f"response-{response.pk}",
            "questionnaire": canonical(response.questionnaire),
            "status": "completed",
            "subject": self.patient,
            "authored": instant(response.submitted_at),
            "author": self.patient,
            "source": self.patient,
        }
        if response.request.meeting_id:
            resource["encounter"] = ref("Encounter", f"encounter-{response.request.meeting_id}")
        if items:
            resource["item"] = items
        return resource

    def observation(self, response: Response) -> Json:
        return {
            "resourceType": "Observation",
            "id": f"observation-{response.pk}",
            "status": "final",
            "category": [concept(codes.OBSERVATION_CATEGORY, "survey")],
            "code": {
                "coding": [coding(codes.CHECKIN_TOTAL_SYSTEM, response.questionnaire.name)],
                "text": f"{response.questionnaire.title} total",
            },
            "subject": self.patient,
            "effectiveDateTime": instant(response.submitted_at),
            "valueInteger": response.total,
            "derivedFrom": [ref("QuestionnaireResponse", f"response-{response.pk}")],
        }

    def consent(self, consent: Consent) -> Json:
        """A sharing decision under 42 CFR Part 2, with names and words exactly as the client signed them."""
        resource: Json = {
            "resourceType": "Consent",
            "id": f"consent-{consent.pk}",
            "extension": [{"url": codes.EXT_CONSENT_SIGNATURE, "valueString": consent.signature}],
            "status": "active" if consent.is_active else "inactive",
            "scope": concept(codes.CONSENT_SCOPE, "patient-privacy"),
            "category": [{"coding": [coding(codes.LOINC, codes.PATIENT_CONSENT), coding(codes.ACT_CODE, "IDSCL")]}],
            "patient": {**self.patient, "display": consent.client_name},
            "dateTime": instant(consent.signed_at),
            "performer": [self.patient],
            "organization": [
                {**ref("Organization", f"organization-{consent.organisation_id}"), "display": consent.discloser_name}
            ],
            "policy": [{"uri": codes.PART_2_URI}],
            "policyRule": {"coding": [coding(codes.ACT_CODE, codes.PART_2)], "text": "42 CFR Part 2"},
            "provision": self.provision(consent),
        }
        if consent.expiry_event:
            resource["extension"].append({"url": codes.EXT_CONSENT_EXPIRY_EVENT, "valueString": consent.expiry_event})
        if consent.revoked_at:
            revoked: list[Json] = [{"url": "at", "valueDateTime": instant(consent.revoked_at)}]
            if consent.revoked_by_id:
                revoked.append({"url": "by", "valueReference": self.person(consent.revoked_by_id)})
            resource["extension"].append({"url": codes.EXT_CONSENT_REVOKED, "extension": revoked})
        return resource

    def provision(self, consent: Consent) -> Json:
        recipient: Json = {"display": consent.recipient_name}
        if consent.recipient_member:
            recipient = {**self.person(consent.recipient_member.user_id), **recipient}
        role = [
            coding(codes.PARTICIPATION_TYPE, "IRCP"),
            coding(codes.CONSENT_RECIPIENT_SYSTEM, consent.recipient_kind),
        ]
        return {
            "extension": [{"url": codes.EXT_CONSENT_PURPOSE, "valueString": consent.purpose}],
            "type": "permit",
            "period": {"end": consent.expires_on.isoformat()},
            "actor": [{"role": {"coding": role}, "reference": recipient}],
            "purpose": [coding(codes.ACT_REASON, codes.RECIPIENT_PURPOSE[consent.recipient_kind])],
            "class": [coding(codes.CONSENT_AREA_SYSTEM, area) for area in consent.areas],
        }

    def audit_event(self, entry: AuditEntry) -> Json:
        action = "R" if entry.action.startswith("read.") or "export" in entry.action else "U"
        if entry.action.endswith(".create"):
            action = "C"
        resource: Json = {
            "resourceType": "AuditEvent",
            "id": f"audit-{entry.pk}",
            "type": coding(codes.AUDIT_EVENT_TYPE, "rest"),
            "subtype": [coding(codes.AUDIT_ACTION_SYSTEM, entry.action)],
            "action": action,
            "recorded": instant(entry.created_at),
            "agent": [{"requestor": True, **({"who": self.person(entry.actor_id)} if entry.actor_id else {})}],
            "source": {"observer": ref("Organization", f"organization-{entry.organisation_id}")},
            "entity": [{"what": self.patient}],
        }
        return resource


def acceptance(individual: Json, status: str) -> Json:
    return {
        "url": codes.GOAL_ACCEPTANCE,
        "extension": [{"url": "individual", "valueReference": individual}, {"url": "status", "valueCode": status}],
    }


def practitioner(user: User) -> Json:
    return {
        "resourceType": "Practitioner",
        "id": f"practitioner-{user.pk}",
        "name": [{"text": user.display_name}],
        "telecom": [{"system": codes.EMAIL, "value": user.email}],
    }


def canonical(form: Questionnaire) -> str:
    return f"{codes.QUESTIONNAIRE_URL}/{form.name}|{form.version}"


def questionnaire(form: Questionnaire) -> Json:
    definition = form.parsed
    return {
        "resourceType": "Questionnaire",
        "id": f"questionnaire-{form.pk}",
        "url": f"{codes.QUESTIONNAIRE_URL}/{form.name}",
        "version": form.version,
        "name": form.name.replace("-", "_"),
        "title": form.title,
        "status": "active",
        "item": [
            {"linkId": item.link_id, "text": item.text, "type": item.kind, "required": item.required}
            for item in definition.items
        ],
    }


def export_bundle(client: Membership, *, include_private: bool) -> Json:
    """The client's record as FHIR JSON. Private items only when ``include_private`` (the client's own copy)."""
    return Builder(load(client, include_private=include_private)).build()


def dumps(bundle: Json) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=1)
