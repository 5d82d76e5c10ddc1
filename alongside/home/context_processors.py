from typing import Any

from django.conf import settings
from django.http import HttpRequest

from alongside import policy
from alongside.web import acting


def alongside(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the acting membership, what the policy lets them do, and the idle sign-out timings.

    Templates decide what to show from these ``can_*`` answers, never from the role itself.
    """
    membership = acting(request)
    return {
        "membership": membership,
        "signed_in": request.user.is_authenticated,
        "can_keep_own_record": policy.has_own_record(membership),
        "can_get_help_now": policy.can_get_help_now(membership),
        "can_support_people": policy.can_support_people(membership),
        "can_manage_organisation": policy.can_manage_organisation(membership),
        "can_view_team": policy.can_view_team(membership),
        "can_view_dashboards": policy.can_view_dashboards(membership),
        "can_hold_api_token": policy.can_hold_api_token(membership),
        "can_receive_shared_records": policy.can_receive_shared_records(membership),
        "can_break_glass": policy.can_break_glass(membership),
        "can_cosign_sessions": policy.can_cosign_sessions(membership),
        "can_use_language_coach": policy.can_use_language_coach(membership),
        "can_be_supervised": policy.can_be_supervised(membership),
        "can_supervise": policy.can_supervise(membership),
        "can_arrange_supervision": policy.can_arrange_supervision(membership),
        "can_see_groups": policy.can_see_groups(membership),
        "idle_timeout": settings.SESSION_IDLE_TIMEOUT,
        "idle_warning": settings.SESSION_IDLE_WARNING,
    }
