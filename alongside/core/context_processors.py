from typing import Any

from django.conf import settings
from django.http import HttpRequest


def alongside(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the acting membership and the idle sign-out timings for the warning."""
    return {
        "membership": getattr(request, "membership", None),
        "idle_timeout": settings.SESSION_IDLE_TIMEOUT,
        "idle_warning": settings.SESSION_IDLE_WARNING,
    }
