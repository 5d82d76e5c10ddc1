"""Finding a plan item for someone who wants to change it, through the policy gateway.

The policy decides; this module only tells two refusals apart. Someone who may read the plan but not change
it (the assigned supporter) gets 403 with a pointer to "suggest" instead, since they already know the plan
exists. Everyone else gets 404, as everywhere, so nobody learns what exists.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from alongside import policy
from alongside.accounts.models import Membership
from alongside.policy import Area, Verb
from alongside.web import acting

from .models import Goal, Milestone, Revision, Step, Suggestion


class NotYours(Exception):
    """A reader of the plan tried to change it."""

    def __init__(self, client: Membership) -> None:
        super().__init__("Only the client can change their plan.")
        self.client = client


def plan_owner(request: HttpRequest, client_id: int, *, private: bool = False) -> Membership:
    """The client, if the acting person may change this plan (and see the item, if it is private)."""
    try:
        return policy.client_for(request, client_id, Verb.WRITE, Area.PLAN)
    except Http404:
        actor = acting(request)
        client = Membership.objects.select_related("user").filter(pk=client_id).first()
        reader = client is not None and policy.can(actor, Verb.READ, Area.PLAN, client)
        if reader and client is not None and (not private or policy.can_see_private(actor, client)):
            raise NotYours(client) from None
        raise


def own_client(request: HttpRequest, verb: Verb = Verb.READ) -> Membership:
    """The signed-in client themselves, for their own pages (404 for everyone else)."""
    return policy.own_record(request, verb, Area.PLAN)


def goal_to_change(request: HttpRequest, goal_id: int) -> Goal:
    goal = Goal.objects.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    goal.client = plan_owner(request, goal.client_id, private=goal.is_private)
    return goal


def step_to_change(request: HttpRequest, step_id: int) -> Step:
    step = Step.objects.select_related("goal").filter(pk=step_id).first()
    if step is None:
        raise Http404
    step.goal.client = plan_owner(request, step.goal.client_id, private=step.goal.is_private)
    return step


def revision_to_restore(request: HttpRequest, revision_id: int) -> Revision:
    revision = Revision.objects.select_related("goal", "step").filter(pk=revision_id).first()
    if revision is None:
        raise Http404
    revision.goal.client = plan_owner(request, revision.goal.client_id, private=revision.goal.is_private)
    return revision


def suggestion_to_decide(request: HttpRequest, suggestion_id: int) -> Suggestion | None:
    """The suggestion, or None when there is no such suggestion (the view explains, keeping what was typed)."""
    suggestion = (
        Suggestion.objects.select_related("suggested_by__user", "goal", "step").filter(pk=suggestion_id).first()
    )
    if suggestion is None:
        own_client(request, Verb.WRITE)  # only a client is told "not found" in words; others get a plain 404
        return None
    private = suggestion.goal is not None and suggestion.goal.is_private
    suggestion.client = plan_owner(request, suggestion.client_id, private=private)
    return suggestion


def milestone_to_encourage(request: HttpRequest, client_id: int, milestone_id: int) -> Milestone:
    client, _ = policy.supporter_for(request, client_id, Area.PLAN)  # one encourages others, not oneself
    milestone = (
        Milestone.objects.select_related("goal").filter(pk=milestone_id, client=client, goal__is_private=False).first()
    )
    if milestone is None:
        raise Http404
    milestone.client = client
    return milestone
