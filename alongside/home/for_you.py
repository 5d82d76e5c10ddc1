"""The client's "for you now": what waits for them, each item one tap from the place to act.

Four lists, one query each, whatever the amount of data (the replies come with My journey's answered prompts:
``feedback.queries.answered_and_new``). Each list is fetched one longer than it is shown, so the page can say
there is more without counting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from alongside.accounts.models import Membership
from alongside.feedback.models import CheckinRequest
from alongside.feedback.queries import Reply, open_checkins
from alongside.meetings.queries import NewNote, new_notes
from alongside.plans.queries import WaitingSuggestion, waiting_suggestions

SHOWN = 3  # of each kind: the block stays short enough to read at a glance on a phone
Item = TypeVar("Item")


@dataclass
class Waiting(Generic[Item]):
    shown: list[Item]
    more: bool  # there are more than are shown: the item's page lists them all


def _waiting(items: list[Item]) -> Waiting[Item]:
    return Waiting(items[:SHOWN], len(items) > SHOWN)


@dataclass
class ForYou:
    suggestions: Waiting[WaitingSuggestion]
    notes: Waiting[NewNote]
    checkins: Waiting[CheckinRequest]
    replies: Waiting[Reply]

    @property
    def is_empty(self) -> bool:
        return not (self.suggestions.shown or self.notes.shown or self.checkins.shown or self.replies.shown)


def for_you(client: Membership, new_replies: list[Reply]) -> ForYou:
    """What waits for the client; ``new_replies``: up to ``SHOWN + 1`` replies they have not seen, newest first."""
    return ForYou(
        suggestions=_waiting(waiting_suggestions(client, SHOWN + 1)),
        notes=_waiting(new_notes(client, SHOWN + 1)),
        checkins=_waiting(open_checkins(client, SHOWN + 1)),
        replies=_waiting(new_replies),
    )
