"""Signals for tests: the client's current ones, and setting one aside as their supporter would."""

from __future__ import annotations

from datetime import datetime

from alongside.accounts.models import Membership
from alongside.worklist import actions
from alongside.worklist.models import Dismissal
from alongside.worklist.queries import signals_of
from alongside.worklist.signals import Kind, Signal


def current(client: Membership, kind: Kind, now: datetime | None = None) -> list[Signal]:
    return [signal for signal in signals_of(client, now) if signal.kind == kind]


def set_aside(signal: Signal, by: Membership, reason: str = "We talked about it on the phone.") -> Dismissal:
    return actions.dismiss(signal.client, kind=signal.kind, fact=signal.fact, reason=reason, by=by)
