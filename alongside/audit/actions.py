"""Every name an audit entry can have. ``record()`` takes only these, so a typo cannot start a new kind of entry.

The values are what the log stores and what "Who has seen my record" and the FHIR export read back; they
never change once entries carry them. A new action adds a member here.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # Organisations, people, assignments (accounts)
    ORGANISATION_CREATE = "organisation.create"
    MEMBER_ADD = "member.add"
    MEMBER_DEACTIVATE = "member.deactivate"
    MEMBER_REACTIVATE = "member.reactivate"
    ASSIGNMENT_START = "assignment.start"
    ASSIGNMENT_END = "assignment.end"
    INVITATION_SEND = "invitation.send"
    INVITATION_RESEND = "invitation.resend"
    INVITATION_CANCEL = "invitation.cancel"
    TWO_FACTOR_ENABLE = "two_factor.enable"
    LANGUAGE_CHOOSE = "language.choose"
    TWO_FACTOR_RECOVERY_CODES = "two_factor.recovery_codes"
    TWO_FACTOR_RECOVERY_CODE_USED = "two_factor.recovery_code_used"

    # Reads: what someone opened (policy.client_for and the pages that list or total records)
    READ_PROFILE = "read.profile"
    READ_PLAN = "read.plan"
    READ_MEETINGS = "read.meetings"
    READ_CHECKINS = "read.checkins"
    READ_CRISIS = "read.crisis"
    READ_MESSAGES = "read.messages"
    READ_CONSENTS = "read.consents"
    READ_CONSENT_FORM = "read.consent_form"
    READ_ACCESSES = "read.accesses"
    READ_SHARED = "read.shared"
    READ_CLIENT_LIST = "read.client_list"
    READ_DASHBOARD = "read.dashboard"
    READ_RECORD = "read.record"  # the client's readable copy of their whole record (one entry for all of it)
    DOWNLOAD_ACCESSES = "download.accesses"
    DOWNLOAD_MYDATA = "download.mydata"
    DOWNLOAD_SHARED = "download.shared"
    DOWNLOAD_CRISIS_PLAN = "download.crisis_plan"

    # Consent, emergency access, closing an account, keeping records (consent)
    CONSENT_GRANT = "consent.grant"
    CONSENT_REVOKE = "consent.revoke"
    BREAK_GLASS_OPEN = "break_glass.open"
    BREAK_GLASS_END = "break_glass.end"
    BREAK_GLASS_REVIEW = "break_glass.review"
    ACCOUNT_CLOSE = "account.close"
    ACCOUNT_PURGE = "account.purge"
    RETENTION_SET = "retention.set"

    # Keys
    ENCRYPTION_KEYS_ROTATE = "encryption_keys.rotate"

    # API tokens
    API_TOKEN_CREATE = "api_token.create"  # noqa: S105 - a name, not a secret
    API_TOKEN_REVOKE = "api_token.revoke"  # noqa: S105

    # Exports (reports) and transfers (interop)
    EXPORT_REQUEST = "export.request"
    EXPORT_DOWNLOAD = "export.download"
    FHIR_EXPORT = "interop.fhir.export"
    FHIR_IMPORT = "interop.fhir.import"

    # Check-ins (feedback)
    CHECKIN_DEFINITION_LOAD = "checkin.definition.load"
    CHECKIN_OFFER = "checkin.offer"
    CHECKIN_ANSWER = "checkin.answer"
    CHECKIN_SKIP = "checkin.skip"
    CHECKIN_PROMPT_RESPOND = "checkin.prompt.respond"
    CHECKIN_REPLY_SEEN = "checkin.reply.seen"

    # Meetings and notes
    MEETING_RECORD = "meeting.record"
    NOTE_WRITE = "note.write"
    NOTE_EDIT = "note.edit"
    NOTE_PUBLISH = "note.publish"
    NOTE_READ = "note.read"
    NOTE_PERSPECTIVE_ADD = "note.perspective.add"
    NOTE_CORRECTION_REQUEST = "note.correction.request"
    NOTE_CORRECTION_ACCEPTED = "note.correction.accepted"
    NOTE_CORRECTION_DECLINED = "note.correction.declined"

    # Group sessions (groups)
    GROUP_CREATE = "group.create"
    GROUP_EDIT = "group.edit"
    GROUP_SESSION_ADD = "group.session.add"
    GROUP_SESSION_EDIT = "group.session.edit"
    GROUP_ATTENDANCE_MARK = "group.attendance.mark"
    GROUP_NOTE_WRITE = "group.note.write"
    GROUP_INDIVIDUAL_NOTE_WRITE = "group.individual_note.write"
    READ_GROUP_ROSTER = "read.group_roster"
    GROUP_MILESTONES_CHOOSE = "group.milestones.choose"

    # Plans
    PLAN_GOAL_CREATE = "plan.goal.create"
    PLAN_GOAL_EDIT = "plan.goal.edit"
    PLAN_GOAL_STATUS = "plan.goal.status"
    PLAN_STEP_ADD = "plan.step.add"
    PLAN_STEP_EDIT = "plan.step.edit"
    PLAN_STEP_MOVE = "plan.step.move"
    PLAN_STEP_STATUS = "plan.step.status"
    PLAN_RESTORE = "plan.restore"
    PLAN_SUGGEST = "plan.suggest"
    PLAN_DECIDE = "plan.decide"
    PLAN_ASK = "plan.ask"
    PLAN_ENCOURAGE = "plan.encourage"
    PLAN_JOURNAL_WRITE = "plan.journal.write"
    PLAN_JOURNAL_PRIVACY = "plan.journal.privacy"
    # Notifications
    NOTIFICATION_PREFERENCES = "notification.preferences"

    # Crisis plans and the organisation's crisis lines (crisis)
    CRISIS_PLAN_SAVE = "crisis.plan.save"
    CRISIS_LINE_ADD = "crisis.line.add"
    CRISIS_LINE_EDIT = "crisis.line.edit"
    CRISIS_LINE_REMOVE = "crisis.line.remove"

    # Messages between a client and their supporters (conversations)
    MESSAGE_SEND = "message.send"
    MESSAGE_EDIT = "message.edit"
    MESSAGE_WITHDRAW = "message.withdraw"
    MESSAGES_STOP = "messages.stop"
    MESSAGES_HISTORY = "messages.history"
    # How a client wants to be supported (support)
    SUPPORT_PREFERENCES_SAVE = "support.preferences.save"

    # Reflective supervision (supervision): ids and kinds only, never what was written
    SUPERVISION_PAIRING_START = "supervision.pairing.start"
    SUPERVISION_PAIRING_END = "supervision.pairing.end"
    SUPERVISION_SESSION_RECORD = "supervision.session.record"
    SUPERVISION_ITEM_ADD = "supervision.item.add"
    SUPERVISION_GOAL_WRITE = "supervision.goal.write"
    SUPERVISION_GOAL_SUGGEST = "supervision.goal.suggest"
    SUPERVISION_GOAL_STATUS = "supervision.goal.status"
    SUPERVISION_INDICATORS_SHARE = "supervision.indicators.share"
    SUPERVISION_INDICATORS_REVOKE = "supervision.indicators.revoke"
    SUPERVISION_INDICATORS_READ = "supervision.indicators.read"

    # Worklist (signals)
    SIGNAL_DISMISS = "signal.dismiss"
    WORKLIST_SETTINGS_CHANGE = "worklist.settings.change"

    # Session documentation, co-signature and billing (billing)
    SESSION_RECORD_SAVE = "session_record.save"
    SESSION_RECORD_SIGN = "session_record.sign"
    SESSION_RECORD_AMEND = "session_record.amend"
    SESSION_RECORD_COSIGN = "session_record.cosign"
    SESSION_RECORD_RETURN = "session_record.return"
    SESSION_RECORD_CLIENT_SIGN = "session_record.client_sign"
    READ_SESSION_RECORD = "read.session_record"  # a supervisor opening a record to co-sign it
    BILLING_SETTINGS_CHANGE = "billing.settings.change"
    BILLING_BATCH = "billing.batch"

    @classmethod
    def read_of(cls, area: str) -> AuditAction:
        """The read entry of one area of a record (``read.plan``)."""
        return cls(f"read.{area}")
