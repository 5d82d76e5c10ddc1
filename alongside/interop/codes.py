"""Code systems, value sets, extensions and mappings shared by export, validation and import.

fhir.resources checks structure, not vocabulary: the value sets below are the FHIR R4B "required" bindings
for the elements we write, so ``validation`` can refuse a code FHIR itself would refuse.
Our own code systems and extensions live under ``BASE`` (a placeholder domain until the project has one).
"""

from __future__ import annotations

from alongside.consent.models import RecipientKind
from alongside.crisis.sections import FIELDS as CRISIS_PLAN_SECTIONS
from alongside.meetings.models import Mode
from alongside.plans.models import Change, LifeArea, Status
from alongside.policy import CONSENTABLE_AREAS
from alongside.support.parts import CONTACT_WAYS, PATHWAYS

BASE = "https://alongside.example/fhir"
CODE_SYSTEM = f"{BASE}/CodeSystem"
EXTENSION = f"{BASE}/StructureDefinition"

# Our own extensions (documented in docs/interop.md).
EXT_WHY = f"{EXTENSION}/goal-why"
EXT_STRENGTHS = f"{EXTENSION}/goal-strengths"
EXT_SUPPORTS = f"{EXTENSION}/goal-supports"
EXT_SUGGESTED_BY = f"{EXTENSION}/suggested-by"
EXT_MEETING_GOAL = f"{EXTENSION}/meeting-goal"
EXT_REVISION = f"{EXTENSION}/revision"
EXT_CONSENT_PURPOSE = f"{EXTENSION}/consent-purpose"
EXT_CONSENT_EXPIRY_EVENT = f"{EXTENSION}/consent-expiry-event"
EXT_CONSENT_SIGNATURE = f"{EXTENSION}/consent-signature"
EXT_CONSENT_REVOKED = f"{EXTENSION}/consent-revoked"
EXT_CRISIS_PLAN_SECTION = f"{EXTENSION}/crisis-plan-section"
GOAL_TEXT_EXTENSIONS = {"why": EXT_WHY, "strengths": EXT_STRENGTHS, "supports": EXT_SUPPORTS}

# HL7's own.
GOAL_ACCEPTANCE = "http://hl7.org/fhir/StructureDefinition/goal-acceptance"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"  # a documented session's service code
LOINC = "http://loinc.org"
PATIENT_CONSENT = "59284-0"  # LOINC "Patient Consent", the category HL7's privacy consent examples use
PART_2 = "42CFRPart2"  # v3-ActCode (ActPrivacyLaw) "42 CFR Part2"
PART_2_URI = "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"
EMAIL = "email"

LIFE_AREA_SYSTEM = f"{CODE_SYSTEM}/life-area"
MEETING_MODE_SYSTEM = f"{CODE_SYSTEM}/meeting-mode"
CHANGE_SYSTEM = f"{CODE_SYSTEM}/plan-change"
COMMUNICATION_KIND_SYSTEM = f"{CODE_SYSTEM}/communication-kind"
CHECKIN_TOTAL_SYSTEM = f"{CODE_SYSTEM}/checkin-total"
AUDIT_ACTION_SYSTEM = f"{CODE_SYSTEM}/audit-action"
CONSENT_AREA_SYSTEM = f"{CODE_SYSTEM}/consent-area"
CONSENT_RECIPIENT_SYSTEM = f"{CODE_SYSTEM}/consent-recipient"
CARE_PLAN_CATEGORY_SYSTEM = f"{CODE_SYSTEM}/care-plan-category"
CRISIS_PLAN_CATEGORY = "crisis-plan"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire"
SUPPORT_QUESTIONNAIRE = f"{QUESTIONNAIRE_URL}/support-preferences"  # "How I want to be supported"
CONTACT_WAY_SYSTEM = f"{CODE_SYSTEM}/contact-way"
PATHWAY_SYSTEM = f"{CODE_SYSTEM}/recovery-pathway"
MEMBER_IDENTIFIER = f"{BASE}/NamingSystem/member"  # + "/<organisation slug>": ids mean nothing elsewhere

PRIVATE_LABEL = "R"  # v3-Confidentiality "restricted": the client marked it private

# Our statuses are FHIR Goal.lifecycleStatus codes already; steps become CarePlan activities.
STEP_STATUS_TO_ACTIVITY: dict[str, str] = {
    Status.PROPOSED: "not-started",
    Status.ACTIVE: "in-progress",
    Status.ON_HOLD: "on-hold",
    Status.COMPLETED: "completed",
    Status.CANCELLED: "cancelled",
}
ACTIVITY_TO_STEP_STATUS = {code: status for status, code in STEP_STATUS_TO_ACTIVITY.items()}
ACHIEVEMENT: dict[str, str] = {
    Status.ACTIVE: "in-progress",
    Status.ON_HOLD: "no-progress",
    Status.COMPLETED: "achieved",
}
MODE_CLASS: dict[str, str] = {
    Mode.IN_PERSON: "AMB",
    Mode.PHONE: "VR",
    Mode.VIDEO: "VR",
    Mode.TEXT: "VR",
    Mode.GROUP: "AMB",
}
CHANGE_OPERATION: dict[str, str] = {Change.CREATED: "CREATE"}  # every other change is an UPDATE
# v3 PurposeOfUse by who receives: the client's own words stay in the consent-purpose extension.
RECIPIENT_PURPOSE: dict[str, str] = {
    RecipientKind.PERSON: "TREAT",  # someone of the organisation, helping with the client's recovery
    RecipientKind.SUPERVISORS: "HOPERAT",  # supervision is the organisation's operations
    RecipientKind.OUTSIDE: "PATRQT",  # a disclosure outside, at the client's own request
}


def code_set(codes: str) -> frozenset[str]:
    return frozenset(codes.split())


# The FHIR R4B required bindings we write, by "Resource.path".
VALUE_SETS: dict[str, frozenset[str]] = {
    "Bundle.type": code_set(
        "document message transaction transaction-response batch batch-response history searchset collection"
    ),
    "Goal.lifecycleStatus": code_set(
        "proposed planned accepted active on-hold completed cancelled entered-in-error rejected"
    ),
    "CarePlan.status": code_set("draft active on-hold revoked completed entered-in-error unknown"),
    "CarePlan.intent": code_set("proposal plan order option"),
    "CarePlan.activity.detail.status": code_set(
        "not-started scheduled in-progress on-hold completed cancelled stopped unknown entered-in-error"
    ),
    "Questionnaire.status": code_set("draft active retired unknown"),
    "Questionnaire.item.type": code_set(
        "group display boolean decimal integer date dateTime time string text url choice open-choice attachment"
        " reference quantity"
    ),
    "QuestionnaireResponse.status": code_set("in-progress completed amended entered-in-error stopped"),
    "Observation.status": code_set("registered preliminary final amended corrected cancelled entered-in-error unknown"),
    "Encounter.status": code_set(
        "planned arrived triaged in-progress onleave finished cancelled entered-in-error unknown"
    ),
    "Communication.status": code_set(
        "preparation in-progress not-done on-hold stopped completed entered-in-error unknown"
    ),
    "AuditEvent.action": code_set("C R U D E"),
    f"Goal.extension:{GOAL_ACCEPTANCE}.extension:status": code_set("agree disagree pending"),
    "Consent.status": code_set("draft proposed active rejected inactive entered-in-error"),
    "Consent.provision.type": code_set("deny permit"),
    "Provenance.entity.role": code_set("derivation revision quotation source removal"),
    "Patient.telecom.system": code_set("phone fax email pager url sms other"),
    "Practitioner.telecom.system": code_set("phone fax email pager url sms other"),
    f"CarePlan.note.extension:{EXT_CRISIS_PLAN_SECTION}": frozenset(CRISIS_PLAN_SECTIONS),
}

# Codings whose system is bound: the codes each system allows.
CODE_SYSTEMS: dict[str, frozenset[str]] = {
    GOAL_ACHIEVEMENT: code_set(
        "in-progress improving worsening no-change achieved sustaining not-achieved no-progress not-attainable"
    ),
    CONFIDENTIALITY: code_set("U L M N R V"),
    DATA_OPERATION: code_set(
        "OPERATE CREATE DELETE EXECUTE READ UPDATE APPEND MODIFYSTATUS ABORT ACTIVATE CANCEL COMPLETE HOLD JUMP"
        " NULLIFY OBSOLETE REACTIVATE RELEASE RESUME SUSPEND"
    ),
    PROVENANCE_AGENT: code_set(
        "enterer performer author verifier legal attester informant custodian assembler composer"
    ),
    # v3 ActEncounterCode, the consent type "information disclosure" and the privacy law we cite
    ACT_CODE: code_set(f"AMB VR HH FLD EMER IMP ACUTE NONAC OBSENC PRENC SS IDSCL {PART_2}"),
    OBSERVATION_CATEGORY: code_set(
        "social-history vital-signs imaging laboratory procedure survey exam therapy activity"
    ),
    AUDIT_EVENT_TYPE: code_set("rest"),
    CONSENT_SCOPE: code_set("adr research patient-privacy treatment"),
    ACT_REASON: frozenset(RECIPIENT_PURPOSE.values()),  # the part of v3 PurposeOfUse we write
    PARTICIPATION_TYPE: code_set("IRCP PPRF"),  # information recipient; primary performer (who signed a session)
    LOINC: code_set(PATIENT_CONSENT),  # our only LOINC code
    CONSENT_AREA_SYSTEM: frozenset(area.value for area in CONSENTABLE_AREAS),
    CONSENT_RECIPIENT_SYSTEM: frozenset(RecipientKind.values),
    LIFE_AREA_SYSTEM: frozenset(LifeArea.values),
    MEETING_MODE_SYSTEM: frozenset(Mode.values),
    CHANGE_SYSTEM: frozenset(Change.values),
    COMMUNICATION_KIND_SYSTEM: code_set("note perspective journal message"),
    CARE_PLAN_CATEGORY_SYSTEM: code_set(CRISIS_PLAN_CATEGORY),
    CONTACT_WAY_SYSTEM: frozenset(code for code, _ in CONTACT_WAYS),
    PATHWAY_SYSTEM: frozenset(code for code, _ in PATHWAYS),
}

# Where each reference may point, by "Resource.path" (extensions by their url).
REFERENCE_TARGETS: dict[str, frozenset[str]] = {
    "Patient.managingOrganization": frozenset({"Organization"}),
    "Goal.subject": frozenset({"Patient"}),
    "Goal.expressedBy": frozenset({"Patient", "Practitioner"}),
    "Goal.note.authorReference": frozenset({"Patient", "Practitioner"}),
    f"Goal.extension:{GOAL_ACCEPTANCE}.extension:individual": frozenset({"Patient", "Practitioner"}),
    "CarePlan.subject": frozenset({"Patient"}),
    "CarePlan.author": frozenset({"Patient"}),
    "CarePlan.goal": frozenset({"Goal"}),
    "CarePlan.activity.detail.goal": frozenset({"Goal"}),
    f"CarePlan.activity.detail.extension:{EXT_SUGGESTED_BY}": frozenset({"Practitioner"}),
    "QuestionnaireResponse.subject": frozenset({"Patient"}),
    "QuestionnaireResponse.source": frozenset({"Patient"}),
    "QuestionnaireResponse.author": frozenset({"Patient"}),
    "QuestionnaireResponse.encounter": frozenset({"Encounter"}),
    "Observation.subject": frozenset({"Patient"}),
    "Observation.derivedFrom": frozenset({"QuestionnaireResponse"}),
    "Encounter.subject": frozenset({"Patient"}),
    "Encounter.participant.individual": frozenset({"Practitioner"}),
    f"Encounter.extension:{EXT_MEETING_GOAL}": frozenset({"Goal"}),
    "Communication.subject": frozenset({"Patient"}),
    "Communication.encounter": frozenset({"Encounter"}),
    "Communication.sender": frozenset({"Patient", "Practitioner"}),
    "Communication.recipient": frozenset({"Patient", "Practitioner"}),
    "Communication.inResponseTo": frozenset({"Communication"}),
    "Provenance.target": frozenset({"Goal", "CarePlan", "Communication"}),
    "Provenance.agent.who": frozenset({"Patient", "Practitioner"}),
    "Provenance.entity.what": frozenset({"Communication"}),
    "AuditEvent.agent.who": frozenset({"Patient", "Practitioner"}),
    "AuditEvent.source.observer": frozenset({"Organization"}),
    "AuditEvent.entity.what": frozenset({"Patient"}),
    "Consent.patient": frozenset({"Patient"}),
    "Consent.performer": frozenset({"Patient"}),
    "Consent.organization": frozenset({"Organization"}),
    "Consent.provision.actor.reference": frozenset({"Practitioner"}),
    f"Consent.extension:{EXT_CONSENT_REVOKED}.extension:by": frozenset({"Patient", "Practitioner"}),
}
