"""Signals: what in a client's record asks for a supporter's attention, computed from the record each time.

Nothing here guesses. Each rule reads facts already in the record (answers, requests, meetings, goals) and
returns plain ``Signal`` values saying why they appeared and where to act. A signal disappears when the
record changes (the correction is answered, the prompt responded to, a meeting recorded) or when someone
dismisses it with a reason (``Dismissal``); a dismissal names the fact, so a newer fact is a new signal.

``load_facts`` reads everything the rules need for any number of people in a fixed number of queries; each
rule is then plain Python over those facts. docs/meetings-and-feedback.md ("Signals") explains every rule.

Conversation prompts (``feedback.Prompt``) are raised once, when answers are stored, by the rules their
check-in definition lists. The check-in signals here are computed again from the answers (so a better
reliability estimate changes them), and they count a responded prompt as acted on, linking to the prompt
while it waits: the prompt is where the supporter answers, the signal is how they hear of it.

A client's message waiting for a reply is one signal per person (``messages_waiting``): from their oldest
message that no staff message has followed, until someone in the conversation writes back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Any

from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Membership
from alongside.conversations.models import Message
from alongside.core.prepared import Prepared
from alongside.feedback.models import CheckinRequest, Questionnaire, RequestStatus, Response
from alongside.feedback.reliability import reliabilities_for
from alongside.feedback.scoring import Change, Reliability, reliable_change, smallest_reliable_change
from alongside.meetings.models import AmendmentRequest, AmendmentStatus, Meeting
from alongside.plans.models import Decision, Goal, IdeaRequest, Status, Suggestion
from alongside.policy import Area

from .models import Dismissal, WorklistSettings

GOAL_TEXT_SHOWN = 60


class Kind(StrEnum):
    """Every kind of signal, most urgent first: the worklist's order (docs/meetings-and-feedback.md)."""

    RELIABLE_WORSENING = "reliable-worsening"
    LOW_SESSION_RATING = "low-session-rating"
    CORRECTION_REQUEST = "correction-request"
    MESSAGE_WAITING = "message-waiting"
    IDEAS_ASKED = "ideas-asked"
    NO_CONTACT = "no-contact"
    CHECKIN_OVERDUE = "checkin-overdue"
    GOAL_PAST_TARGET = "goal-past-target"
    RELIABLE_IMPROVEMENT = "reliable-improvement"
    SUGGESTIONS_WAITING = "suggestions-waiting"

    @property
    def urgency(self) -> int:
        """0 is the most urgent."""
        return list(Kind).index(self)

    @property
    def pressing(self) -> bool:
        """Kinds up to "no recent meeting" ask for the supporter now; later ones are worth knowing."""
        return self.urgency <= Kind.NO_CONTACT.urgency

    @property
    def area(self) -> Area:
        """The part of the record the signal comes from: who may see it follows from who may read that."""
        return AREAS[self]

    @property
    def label(self) -> str | Promise:
        return LABELS[self]


AREAS = {
    Kind.RELIABLE_WORSENING: Area.CHECKINS,
    Kind.LOW_SESSION_RATING: Area.CHECKINS,
    Kind.CORRECTION_REQUEST: Area.MEETINGS,
    Kind.MESSAGE_WAITING: Area.MESSAGES,
    Kind.IDEAS_ASKED: Area.PLAN,
    Kind.NO_CONTACT: Area.MEETINGS,
    Kind.CHECKIN_OVERDUE: Area.CHECKINS,
    Kind.GOAL_PAST_TARGET: Area.PLAN,
    Kind.RELIABLE_IMPROVEMENT: Area.CHECKINS,
    Kind.SUGGESTIONS_WAITING: Area.PLAN,
}
LABELS = {
    Kind.RELIABLE_WORSENING: _("Check-in worse"),
    Kind.LOW_SESSION_RATING: _("Session rated low"),
    Kind.CORRECTION_REQUEST: _("Correction asked for"),
    Kind.MESSAGE_WAITING: _("Message waiting for a reply"),
    Kind.IDEAS_ASKED: _("Ideas asked for"),
    Kind.NO_CONTACT: _("No recent meeting"),
    Kind.CHECKIN_OVERDUE: _("Check-in not answered"),
    Kind.GOAL_PAST_TARGET: _("Goal date passed"),
    Kind.RELIABLE_IMPROVEMENT: _("Check-in better"),
    Kind.SUGGESTIONS_WAITING: _("Suggestions waiting"),
}
READ_PAGES = {
    Area.CHECKINS: "feedback:checkins",
    Area.MEETINGS: "meetings:list",
    Area.PLAN: "plans:supporter_plan",
    Area.MESSAGES: "conversations:client",
}


@dataclass(frozen=True)
class Signal:
    kind: Kind
    client: Membership
    fact: str  # what it is about ("response:12"): a dismissal names it
    since: datetime  # when the fact arose; older first within a kind
    reason: str  # why it appeared, in plain words
    act_url: str  # where an assigned supporter acts on it
    act_text: str

    @property
    def read_url(self) -> str:
        """Where someone who may only read (a supervisor the client shares with) looks at it."""
        return reverse(READ_PAGES[self.kind.area], args=[self.client.pk])

    @property
    def order(self) -> tuple[int, datetime, int]:
        return self.kind.urgency, self.since, self.client.pk


@dataclass
class Facts:
    """What the rules read, for a set of people, loaded in a fixed number of queries (``load_facts``)."""

    now: datetime
    settings: WorklistSettings
    clients: dict[int, Membership]
    answers: list[dict[str, Any]] = field(default_factory=list)  # each check-in's newest two answers per person
    questionnaires: dict[int, Questionnaire] = field(default_factory=dict)
    reliabilities: dict[int, Reliability] = field(default_factory=dict)  # by questionnaire id
    last_meeting: dict[int, datetime] = field(default_factory=dict)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)  # the client's messages with no reply after them
    ideas: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[dict[str, Any]] = field(default_factory=list)
    open_checkins: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    def met_since(self, client_id: int, moment: datetime) -> bool:
        last = self.last_meeting.get(client_id)
        return last is not None and last > moment


def _reliability(facts: Facts, questionnaire: Questionnaire) -> Reliability:
    """The one place the worklist asks how reliable a check-in is (r and SD for reliable change): the published
    figures, else the organisation's own estimate (``feedback.reliability``), read with the facts."""
    return facts.reliabilities[questionnaire.pk]


def _day(moment: datetime | date) -> str:
    """A day as the person's language writes it short: "5 Nov 2026", "5 nov 2026"."""
    day = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return date_format(day, "SHORT_DATE_FORMAT")


def _number(value: float) -> str:
    """A score or cut-off in the person's language: whole numbers plainly, fractions with their decimal mark."""
    return str(int(value)) if float(value).is_integer() else number_format(value)


@Prepared
def _newest_answers(client_ids: list[int]) -> QuerySet[Any]:
    """Each check-in's newest two answers per person."""
    order = [F("submitted_at").desc(), F("pk").desc()]
    newest = Window(RowNumber(), partition_by=[F("client_id"), F("questionnaire_id")], order_by=order)
    ranked = Response.objects.annotate(newest=newest).filter(client_id__in=client_ids, newest__lte=2)
    fields = ("pk", "client_id", "questionnaire_id", "total", "submitted_at", "newest")
    return ranked.values(*fields, "prompt__pk", "prompt__responded_at")


@Prepared
def _checkins_waiting(client_ids: list[int], asked_before: datetime) -> QuerySet[Any]:
    waiting = CheckinRequest.objects.filter(client_id__in=client_ids, status=RequestStatus.OPEN)
    return waiting.filter(created_at__lte=asked_before).values("pk", "client_id", "created_at", "questionnaire_id")


@Prepared
def _questionnaires(ids: list[int]) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(pk__in=ids)


@Prepared
def _last_meetings(client_ids: list[int]) -> QuerySet[Any]:
    return Meeting.objects.filter(client_id__in=client_ids).values("client_id").annotate(last=Max("held_at"))


@Prepared
def _corrections(client_ids: list[int]) -> QuerySet[Any]:
    corrections = AmendmentRequest.objects.filter(client_id__in=client_ids, status=AmendmentStatus.OPEN)
    return corrections.values("pk", "client_id", "created_at", "note__meeting__held_at")


@Prepared
def _unanswered_messages(client_ids: list[int]) -> QuerySet[Any]:
    """The clients' own messages (not withdrawn) that no message from anyone else has followed yet. Unordered
    (``messages_waiting`` takes the oldest and newest)."""
    reply = Message.objects.filter(
        ~Q(author_id=F("client_id")), client_id=OuterRef("client_id"), sent_at__gt=OuterRef("sent_at")
    )
    own = Q(client_id__in=client_ids, author_id=F("client_id"), withdrawn_at__isnull=True)
    return Message.objects.filter(own, ~Exists(reply)).order_by().values("pk", "client_id", "sent_at")


@Prepared
def _ideas_asked(client_ids: list[int]) -> QuerySet[Any]:
    ideas = IdeaRequest.objects.filter(client_id__in=client_ids, answered_at__isnull=True, goal__is_private=False)
    return ideas.values("pk", "client_id", "created_at", "goal_id")


@Prepared
def _suggestions_waiting(client_ids: list[int]) -> QuerySet[Any]:
    suggestions = Suggestion.objects.filter(client_id__in=client_ids, decision=Decision.PENDING)
    return suggestions.values("pk", "client_id", "created_at")


@Prepared
def _goals_past_target(client_ids: list[int], today: date) -> QuerySet[Any]:
    goals = Goal.objects.filter(client_id__in=client_ids, status=Status.ACTIVE, is_private=False, target_date__lt=today)
    return goals.values("pk", "client_id", "target_date", "text")


def load_facts(clients: Iterable[Membership], organisation_id: int, now: datetime | None = None) -> Facts:
    """Everything the rules need about ``clients`` (all of one organisation), in eleven queries however many
    (``current`` then reads the dismissals among the signals found). Each query is prepared
    (``alongside.core.prepared``): built and compiled once per worker and number of people."""
    by_id = {client.pk: client for client in clients}
    ids = list(by_id)
    now = now or timezone.now()
    facts = Facts(now=now, settings=WorklistSettings.for_organisation(organisation_id), clients=by_id)
    if not ids:
        return facts
    facts.answers = sorted(_newest_answers(ids), key=itemgetter("client_id", "questionnaire_id", "newest"))
    facts.open_checkins = _checkins_waiting(ids, now - timedelta(days=facts.settings.checkin_overdue_days))
    answered = {row["questionnaire_id"] for row in facts.answers}
    # one query for the check-ins answered and those waiting: signals name them in the reader's language
    wanted = answered | {row["questionnaire_id"] for row in facts.open_checkins}
    facts.questionnaires = {questionnaire.pk: questionnaire for questionnaire in _questionnaires(sorted(wanted))}
    facts.reliabilities = reliabilities_for([facts.questionnaires[pk] for pk in answered], organisation_id)
    facts.last_meeting = {row["client_id"]: row["last"] for row in _last_meetings(ids)}
    facts.corrections = _corrections(ids)
    facts.messages = _unanswered_messages(ids)
    facts.ideas = _ideas_asked(ids)
    facts.suggestions = _suggestions_waiting(ids)
    facts.goals = _goals_past_target(ids, facts.today)
    return facts


# --- The rules: one function each, facts in, signals out ------------------------------------------------


def _answer_pairs(facts: Facts) -> Iterable[tuple[dict[str, Any], dict[str, Any] | None, Questionnaire]]:
    """(newest answer, the one before or None, its check-in) for each person and check-in."""
    groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in facts.answers:
        groups[row["client_id"], row["questionnaire_id"]].append(row)
    for (_client_id, questionnaire_id), rows in groups.items():
        yield rows[0], (rows[1] if len(rows) > 1 else None), facts.questionnaires[questionnaire_id]


def _answers_acted_on(facts: Facts, answer: dict[str, Any]) -> bool:
    """Someone answered the prompt these answers raised, or met the person after they gave them."""
    return answer["prompt__responded_at"] is not None or facts.met_since(answer["client_id"], answer["submitted_at"])


def _answers_signal(facts: Facts, kind: Kind, answer: dict[str, Any], reason: str) -> Signal:
    client = facts.clients[answer["client_id"]]
    if answer["prompt__pk"] and answer["prompt__responded_at"] is None:
        url, text = reverse("feedback:respond", args=[client.pk, answer["prompt__pk"]]), gettext("Answer the prompt")
    else:
        url, text = reverse("feedback:checkins", args=[client.pk]), gettext("See their check-ins")
    return Signal(kind, client, f"response:{answer['pk']}", answer["submitted_at"], reason, url, text)


def reliable_changes(facts: Facts) -> list[Signal]:
    """A check-in total changed by more than chance allows (Jacobson and Truax) since the answer before."""
    found = []
    for newest, before, questionnaire in _answer_pairs(facts):
        definition, reliability = questionnaire.parsed, _reliability(facts, questionnaire)
        if before is None or _answers_acted_on(facts, newest):
            continue
        change = reliable_change(
            before["total"], newest["total"], reliability, higher_is_better=definition.higher_is_better
        )
        if change not in (Change.WORSENED, Change.IMPROVED):
            continue
        threshold = smallest_reliable_change(reliability.sd, reliability.r)  # type: ignore[arg-type]
        values = {
            "checkin": questionnaire.shown.title,
            "before": _number(before["total"]),
            "after": _number(newest["total"]),
            "day": _day(newest["submitted_at"]),
            "threshold": number_format(round(threshold, 1), 1),
        }
        if newest["total"] > before["total"]:
            reason = gettext(
                "%(checkin)s rose from %(before)s to %(after)s on %(day)s: "
                "beyond the %(threshold)s-point reliable-change threshold"
            )
        else:
            reason = gettext(
                "%(checkin)s fell from %(before)s to %(after)s on %(day)s: "
                "beyond the %(threshold)s-point reliable-change threshold"
            )
        reason %= values
        kind = Kind.RELIABLE_WORSENING if change == Change.WORSENED else Kind.RELIABLE_IMPROVEMENT
        found.append(_answers_signal(facts, kind, newest, reason))
    return found


def low_session_ratings(facts: Facts) -> list[Signal]:
    """The newest session check-in is below the cut-off its definition gives."""
    found = []
    for newest, _before, questionnaire in _answer_pairs(facts):
        definition = questionnaire.parsed
        if definition.purpose != "session" or definition.cutoff is None or newest["total"] >= definition.cutoff:
            continue
        if _answers_acted_on(facts, newest):
            continue
        reason = gettext("%(checkin)s on %(day)s was %(total)s, below the cut-off of %(cutoff)s") % {
            "checkin": questionnaire.shown.title,
            "day": _day(newest["submitted_at"]),
            "total": _number(newest["total"]),
            "cutoff": _number(definition.cutoff),
        }
        found.append(_answers_signal(facts, Kind.LOW_SESSION_RATING, newest, reason))
    return found


def correction_requests(facts: Facts) -> list[Signal]:
    """The client asked for a meeting note to be corrected and has no answer yet."""
    found = []
    for row in facts.corrections:
        client = facts.clients[row["client_id"]]
        reason = gettext("Asked on %(asked)s for a correction to the note of the meeting on %(held)s") % {
            "asked": _day(row["created_at"]),
            "held": _day(row["note__meeting__held_at"]),
        }
        url = reverse("meetings:answer_correction", args=[client.pk, row["pk"]])
        found.append(
            Signal(
                Kind.CORRECTION_REQUEST,
                client,
                f"correction:{row['pk']}",
                row["created_at"],
                reason,
                url,
                gettext("Answer"),
            )
        )
    return found


def messages_waiting(facts: Facts) -> list[Signal]:
    """The client wrote and nobody has written back yet: one signal per person, from their oldest such message."""
    waiting: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in facts.messages:
        waiting[row["client_id"]].append(row)
    found = []
    for client_id, rows in waiting.items():
        client, oldest = facts.clients[client_id], min(row["sent_at"] for row in rows)
        reason = ngettext(
            "A message since %(day)s waiting for a reply",
            "%(count)s messages since %(day)s waiting for a reply",
            len(rows),
        ) % {"count": len(rows), "day": _day(oldest)}
        newest = max(row["pk"] for row in rows)  # a newer message is a new fact
        url = reverse("conversations:client", args=[client_id])
        found.append(Signal(Kind.MESSAGE_WAITING, client, f"message:{newest}", oldest, reason, url, gettext("Reply")))
    return found


def ideas_asked(facts: Facts) -> list[Signal]:
    """The client asked their supporters for ideas on a goal ("ideas please") and none has come yet."""
    found = []
    for row in facts.ideas:
        client = facts.clients[row["client_id"]]
        url = reverse("plans:suggest", args=[client.pk]) + f"?goal={row['goal_id']}&in_reply_to={row['pk']}"
        reason = gettext("Asked on %(day)s for ideas on one of their goals") % {"day": _day(row["created_at"])}
        found.append(
            Signal(
                Kind.IDEAS_ASKED,
                client,
                f"ideas:{row['pk']}",
                row["created_at"],
                reason,
                url,
                gettext("Suggest an idea"),
            )
        )
    return found


def suggestions_waiting(facts: Facts) -> list[Signal]:
    """Suggestions wait for the client's decision: for the supporter's information, nothing to do but wait."""
    waiting: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in facts.suggestions:
        waiting[row["client_id"]].append(row)
    found = []
    for client_id, rows in waiting.items():
        client, oldest = facts.clients[client_id], min(row["created_at"] for row in rows)
        reason = ngettext(
            "A suggestion waits for their decision (since %(day)s)",
            "%(count)s suggestions wait for their decision (since %(day)s)",
            len(rows),
        ) % {"count": len(rows), "day": _day(oldest)}
        newest = max(row["pk"] for row in rows)  # a new suggestion is a new fact
        url = reverse("plans:supporter_plan", args=[client_id])
        found.append(
            Signal(Kind.SUGGESTIONS_WAITING, client, f"suggestion:{newest}", oldest, reason, url, gettext("See plan"))
        )
    return found


def checkins_overdue(facts: Facts) -> list[Signal]:
    """A check-in offered more than the organisation's number of days ago is neither answered nor skipped."""
    found = []
    for row in facts.open_checkins:
        client = facts.clients[row["client_id"]]
        days = (facts.now - row["created_at"]).days
        reason = ngettext(
            "%(checkin)s offered on %(day)s, not answered after %(days)s day",
            "%(checkin)s offered on %(day)s, not answered after %(days)s days",
            days,
        ) % {
            "checkin": facts.questionnaires[row["questionnaire_id"]].shown.title,
            "day": _day(row["created_at"]),
            "days": days,
        }
        url = reverse("feedback:checkins", args=[client.pk])
        found.append(
            Signal(
                Kind.CHECKIN_OVERDUE,
                client,
                f"checkin:{row['pk']}",
                row["created_at"],
                reason,
                url,
                gettext("See check-ins"),
            )
        )
    return found


def no_contact(facts: Facts) -> list[Signal]:
    """No meeting recorded for the organisation's number of days (counted from joining if never)."""
    found = []
    limit = facts.settings.no_contact_days
    for client in facts.clients.values():
        last = facts.last_meeting.get(client.pk)
        since = last or client.created_at
        days = (facts.now - since).days
        if days < limit:
            continue
        values = {"days": days, "day": _day(since), "limit": limit}
        if last:
            reason = ngettext(
                "No meeting recorded for %(days)s day (the last on %(day)s); "
                "your organisation asks for one every %(limit)s days",
                "No meeting recorded for %(days)s days (the last on %(day)s); "
                "your organisation asks for one every %(limit)s days",
                days,
            )
        else:
            reason = ngettext(
                "No meeting recorded for %(days)s day (none since they joined on %(day)s); "
                "your organisation asks for one every %(limit)s days",
                "No meeting recorded for %(days)s days (none since they joined on %(day)s); "
                "your organisation asks for one every %(limit)s days",
                days,
            )
        reason %= values
        fact = f"meeting:{last.isoformat() if last else 'none'}"
        url = reverse("meetings:record", args=[client.pk])
        found.append(Signal(Kind.NO_CONTACT, client, fact, since, reason, url, gettext("Record a meeting")))
    return found


def goals_past_target(facts: Facts) -> list[Signal]:
    """An active goal's target date has passed (a new date, or a finished goal, ends it)."""
    found = []
    for row in facts.goals:
        client, text = facts.clients[row["client_id"]], row["text"]
        shown = text if len(text) <= GOAL_TEXT_SHOWN else text[: GOAL_TEXT_SHOWN - 1] + "…"
        reason = gettext("The goal “%(goal)s” had a target date of %(day)s, which has passed") % {
            "goal": shown,
            "day": _day(row["target_date"]),
        }
        fact = f"goal:{row['pk']}:{row['target_date'].isoformat()}"
        since = datetime.combine(row["target_date"], datetime.min.time(), tzinfo=facts.now.tzinfo)
        url = reverse("plans:supporter_plan", args=[client.pk])
        found.append(Signal(Kind.GOAL_PAST_TARGET, client, fact, since, reason, url, gettext("See plan")))
    return found


Rule = Callable[[Facts], list[Signal]]
RULES: list[Rule] = [
    reliable_changes,
    low_session_ratings,
    correction_requests,
    messages_waiting,
    ideas_asked,
    suggestions_waiting,
    checkins_overdue,
    no_contact,
    goals_past_target,
]


def _dismissed(signals: list[Signal]) -> set[tuple[int, str, str]]:
    """What was set aside among the people with signals: (client id, kind, fact). Nothing found, nothing to read."""
    if not signals:
        return set()
    client_ids = {signal.client.pk for signal in signals}
    return set(Dismissal.objects.filter(client_id__in=client_ids).values_list("client_id", "kind", "fact"))


def current(facts: Facts) -> list[Signal]:
    """Every rule's signals that nobody dismissed, most urgent first (then the oldest, then by person)."""
    found = [signal for rule in RULES for signal in rule(facts)]
    dismissed = _dismissed(found)
    kept = [signal for signal in found if (signal.client.pk, signal.kind.value, signal.fact) not in dismissed]
    return sorted(kept, key=lambda signal: signal.order)
