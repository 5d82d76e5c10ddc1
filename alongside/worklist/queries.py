"""The worklist other pages show (the supporter's home, the team view): signals through the policy's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from alongside import policy
from alongside.accounts.models import Membership

from .signals import Signal, current, load_facts


@dataclass(frozen=True)
class PersonCount:
    client: Membership
    count: int
    most_urgent: Signal


@dataclass(frozen=True)
class Worklist:
    signals: list[Signal]  # most urgent first
    people: list[PersonCount]  # the person with the most urgent signal first
    can_act: bool  # an assigned supporter acts and dismisses; the team view only reads
    clients: list[Membership]  # everyone whose signals were looked for, by name (the supporter's people list)

    @property
    def pressing(self) -> list[Signal]:
        """What someone asked for or a check-in showed: shown open, first."""
        return [signal for signal in self.signals if signal.kind.pressing]

    @property
    def worth_knowing(self) -> list[Signal]:
        """What is waiting or overdue: folded away, so a long list does not bury what is pressing."""
        return [signal for signal in self.signals if not signal.kind.pressing]


def worklist_for(actor: Membership, now: datetime | None = None) -> Worklist:
    """The signals ``actor`` may see, in a fixed number of queries whatever the number of people."""
    areas = policy.worklist_scope(actor)
    clients = list(areas)
    if not clients:  # nobody's facts to read
        return Worklist([], [], policy.may_act_on_signals(actor), [])
    facts = load_facts(clients, actor.organisation_id, now)
    signals = [signal for signal in current(facts) if signal.kind.area in areas[signal.client]]
    return Worklist(signals, _counts(signals), policy.may_act_on_signals(actor), clients)


def signals_of(client: Membership, now: datetime | None = None) -> list[Signal]:
    """One person's current signals (the client's access was checked by the caller)."""
    return current(load_facts([client], client.organisation_id, now))


def _counts(signals: list[Signal]) -> list[PersonCount]:
    first: dict[int, Signal] = {}
    counts: dict[int, int] = {}
    for signal in signals:  # already most urgent first
        first.setdefault(signal.client.pk, signal)
        counts[signal.client.pk] = counts.get(signal.client.pk, 0) + 1
    return [PersonCount(signal.client, counts[pk], signal) for pk, signal in first.items()]
