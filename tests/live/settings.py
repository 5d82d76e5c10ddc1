"""The product's settings, plus each server error's traceback on stderr, so a failing live test shows why."""

from typing import Any, cast

from alongside.settings import *  # noqa: F403
from alongside.settings import LOGGING

cast(dict[str, Any], LOGGING["loggers"])["django.request"] = {"handlers": ["console"], "level": "ERROR"}
