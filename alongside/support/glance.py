"""What other pages show of how a client wants to be supported: the compact summary at the top of the
client's record and before a meeting (``support/_glance.html``), with a link to the whole page.

``before_meeting`` reads through the policy gateway, so a meeting page that shows the summary leaves a
``read.profile`` entry like the page itself; the client's overview is a read of the profile already and
uses ``queries.at_a_glance`` directly.
"""

from __future__ import annotations

from django.http import HttpRequest

from alongside import policy
from alongside.accounts.models import Membership
from alongside.policy import Area, Verb
from alongside.web import acting

from . import queries


def before_meeting(request: HttpRequest, client: Membership) -> list[queries.Shown]:
    """The summary for someone other than the client, on a meeting page; nothing for the client themselves."""
    if policy.is_own(acting(request), client.pk):
        return []
    reader = policy.client_for(request, client.pk, Verb.READ, Area.PROFILE)
    return queries.at_a_glance(reader)
