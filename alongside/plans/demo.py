"""Demo plans: goals in people's own words, suggestions in every state, history, milestones and journals.

Everything goes through the real actions, so the demo also shows true history and audit entries;
afterwards timestamps are spread over the past weeks so "time to decide" looks like real life.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from alongside.accounts.models import Assignment, Membership
from alongside.core.demo import DemoContext

from . import actions
from .models import Decision, Goal, IdeaRequest, Milestone, Status, Suggestion, SuggestionKind

GOALS = [
    (
        "physical",
        "Walk by the river three mornings a week",
        "Mornings outside clear my head.",
        ["Find my old trainers", "Walk to the bridge and back", "Ask Sam to join on Fridays"],
    ),
    (
        "occupational",
        "Get back into work I enjoy",
        "I want my days to have a shape again.",
        ["Update my CV", "Visit the job centre drop-in", "Apply for two jobs"],
    ),
    (
        "social",
        "See my sister more often",
        "She has always been in my corner.",
        ["Call her on Sunday", "Plan a lunch together"],
    ),
    (
        "financial",
        "Get on top of my bills",
        "Less worry about money means better sleep.",
        ["List every bill in one place", "Set up a payment plan for the gas bill"],
    ),
    (
        "emotional",
        "Notice and name what I feel",
        "Naming it makes it smaller.",
        ["Try the feelings wheel for a week", "Write three lines each evening"],
    ),
    (
        "environmental",
        "Make my flat feel like home",
        "I want a place I like coming back to.",
        ["Clear the kitchen table", "Put up the photos from the drawer"],
    ),
    (
        "intellectual",
        "Finish the cooking course",
        "I used to love cooking for people.",
        ["Go to Tuesday's class", "Cook one new recipe a week"],
    ),
    (
        "spiritual",
        "Keep my Sunday quiet time",
        "It grounds me for the week.",
        ["Find a quiet spot in the park", "Bring my notebook"],
    ),
]
# (kind, suggested text, reason, the client's own words when they reword it)
SUGGESTIONS = [
    (
        SuggestionKind.STEP,
        "Try the free swim session at the leisure centre",
        "You mentioned you liked swimming as a kid.",
        "Go swimming on Saturday mornings",
    ),
    (
        SuggestionKind.RESOURCE,
        "The Tuesday peer group at the library",
        "Others there are working on the same thing.",
        "Tuesday group at the library, if I feel up to it",
    ),
    (
        SuggestionKind.REWORDING,
        "Move my body in ways I enjoy",
        "Your own words might feel less like a chore.",
        "Move in ways that feel good",
    ),
    (
        SuggestionKind.GOAL,
        "Get a good night's sleep most nights",
        "Sleep came up a few times when we talked.",
        "Sleep better",
    ),
    (SuggestionKind.STEP, "Write down one thing that went well each day", "", "Note one good thing at bedtime"),
]
DECISIONS = [Decision.ACCEPTED, Decision.REWORDED, Decision.DECLINED, Decision.LATER, Decision.PENDING]


def _supporters() -> dict[int, Membership]:
    open_assignments = Assignment.objects.filter(ended_at__isnull=True).select_related("supporter__user")
    return {assignment.client_id: assignment.supporter for assignment in open_assignments}


def _goals_for(ctx: DemoContext, client: Membership, index: int) -> list[Goal]:
    goals = []
    for number, (area, text, why, steps) in enumerate(ctx.rng.sample(GOALS, k=2 + index % 2)):
        wording = {"text": text, "why": why, "life_area": area, "strengths": "I keep going when it matters."}
        private = index % 4 == 0 and number == 1
        goal = actions.create_goal(client, wording, by=client, is_private=private)
        for step in steps:
            actions.add_step(goal, step, by=client)
        goals.append(goal)
    first = goals[0]
    actions.edit_goal(
        first,
        {**_wording(first), "text": f"{first.text} (at my own pace)"},
        is_private=False,
        expected_version=first.version,
        by=client,
    )
    if index % 6 == 0:  # changed their mind about the new wording
        actions.restore(first.revisions.order_by("pk").first(), expected_version=2, by=client)  # type: ignore[arg-type]
    return goals


def _wording(goal: Goal) -> dict[str, object]:
    return {name: getattr(goal, name) for name in ("text", "why", "life_area", "strengths", "supports", "target_date")}


def _celebrate(ctx: DemoContext, client: Membership, supporter: Membership | None, goals: list[Goal]) -> None:
    step = goals[0].steps.order_by("position").first()
    if step is None:
        return
    step.goal = goals[0]
    actions.set_status(step, Status.COMPLETED, by=client)
    if ctx.rng.random() < 0.3:
        for each in goals[0].steps.exclude(pk=step.pk):
            each.goal = goals[0]
            actions.set_status(each, Status.COMPLETED, by=client)
        actions.set_status(goals[0], Status.COMPLETED, by=client)
    if supporter is not None:
        for milestone in Milestone.objects.filter(client=client, goal__is_private=False)[:2]:
            actions.encourage(milestone, "Look at you go. This is a real step forward.", by=supporter)


def _suggest(ctx: DemoContext, client: Membership, supporter: Membership, goals: list[Goal]) -> None:
    shared = [goal for goal in goals if not goal.is_private]
    decisions = ctx.rng.sample(DECISIONS, k=len(DECISIONS))  # every state, for every person
    for (kind, text, reason, own_words), decision in zip(SUGGESTIONS, decisions, strict=True):
        goal = None if kind == SuggestionKind.GOAL else ctx.rng.choice(shared)
        suggestion = actions.suggest(
            client, by=supporter, kind=kind, text=text, reason=reason, goal=goal, key=uuid.uuid4()
        )
        if decision != Decision.PENDING:
            why = "Not for me right now." if ctx.rng.random() < 0.5 else ""
            actions.decide(suggestion, decision, by=client, text=own_words, why=why)
    if ctx.rng.random() < 0.3:  # some people ask for ideas; most have what they need for now
        actions.ask_for_ideas(shared[-1], "Any ideas for getting started?", by=client)


def _spread_over_time(ctx: DemoContext, client: Membership) -> None:
    now = timezone.now()
    for suggestion in Suggestion.objects.filter(client=client):
        created = now - timedelta(days=ctx.rng.randint(5, 40))
        decided = created + timedelta(hours=ctx.rng.randint(2, 120)) if suggestion.decided_at else None
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=created, decided_at=decided)
    for request in IdeaRequest.objects.filter(client=client):
        IdeaRequest.objects.filter(pk=request.pk).update(created_at=now - timedelta(days=ctx.rng.randint(1, 20)))
    for milestone in Milestone.objects.filter(client=client):
        Milestone.objects.filter(pk=milestone.pk).update(created_at=now - timedelta(days=ctx.rng.randint(0, 20)))


AFTER: tuple[str, ...] = ("alongside.accounts",)


def populate(ctx: DemoContext) -> str:
    supporters = _supporters()
    for index, client in enumerate(ctx.clients):
        supporter = supporters.get(client.pk)
        goals = _goals_for(ctx, client, index)
        if supporter is not None:
            _suggest(ctx, client, supporter, goals)
        _celebrate(ctx, client, supporter, goals)
        actions.write_journal_entry(client, "Today was hard, but I went out anyway.", is_private=True, by=client)
        actions.write_journal_entry(
            client, "Proud of this week. I kept two promises to myself.", is_private=False, by=client
        )
        _spread_over_time(ctx, client)
    return f"plans, suggestions and journals ({Goal.objects.filter(organisation=ctx.organisation).count()} goals)"
