"""Demo: the supervisor supervises the first peer supporter, with one session held and one goal agreed."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alongside.core.demo import DemoContext

from .actions import decide_goal, record_session, share_indicators, start_pairing, write_goal

AFTER: tuple[str, ...] = ("alongside.accounts", "alongside.meetings")  # indicators read the meetings' notes


def populate(ctx: DemoContext) -> str:
    if ctx.admin is None or ctx.supervisor is None or not ctx.supporters:
        return "no supervision (the demo has no supervisor or peer supporter)"
    peer = ctx.supporters[0]
    pairing = start_pairing(ctx.supervisor, peer, by=ctx.admin)
    record_session(
        pairing,
        held_on=timezone.localdate() - timedelta(days=9),
        items={
            "talked_about": "A week with two hard conversations, and how it felt to sit with someone's anger "
            "without fixing it.",
            "takeaway": "I can stay with a feeling without having the answer. Asking what they need came later, "
            "and that was fine.",
            "next_step": "Try one more reflection before each question for the next two weeks.",
        },
        by=ctx.supervisor,
    )
    suggested = write_goal(pairing, "Use more reflections than questions in my notes.", by=ctx.supervisor)
    decide_goal(suggested, "take_up", own_words="Reflect back what I hear before I ask the next question.", by=peer)
    share_indicators(pairing, by=peer)
    return "supervision (1 pairing, a session, a goal)"
