"""The main navigation, rendered once per language, set of permissions and current page, then reused.

Every signed-in page shows it, and rendering it (a dozen ``{% url %}`` and more ``{% translate %}`` tags) was
about a third of what ``base.html`` cost. What it shows depends only on the language, the ``can_*`` answers
it asks about and which page is current, so those are the whole key: nothing personal (no name, no CSRF
token, no nonce) is inside the navigation, and the key holds no more than it shows.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django import template
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()
NAVIGATION = "core/nav.html"


@functools.cache
def flags_asked() -> tuple[str, ...]:
    """The ``can_*`` names the navigation's template asks about, read from the template itself so that a link
    added under a new flag is keyed on it without anyone remembering to list it here."""
    source = get_template(NAVIGATION).template.source  # type: ignore[attr-defined]
    return tuple(sorted(set(re.findall(r"\bcan_\w+", source))))


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> SafeString:
    """The navigation's links for this page (the sign-out form, with its CSRF token, stays in ``base.html``)."""
    match = context["request"].resolver_match
    flags = tuple(bool(context.get(name)) for name in flags_asked())
    current = (match.view_name, match.namespace) if match else ("", "")
    return rendered(get_language(), get_script_prefix(), get_urlconf(), flags, *current)


@functools.lru_cache(maxsize=1024)  # languages x permission sets x pages: a few hundred at most
def rendered(
    language: str, prefix: str, urlconf: Any, flags: tuple[bool, ...], view: str, namespace: str
) -> SafeString:
    """The navigation for one key; the language, script prefix and URL configuration are in the key because
    the words and the links depend on them (they are read from the thread, not passed in)."""
    answers = dict(zip(flags_asked(), flags, strict=True))
    return mark_safe(render_to_string(NAVIGATION, {**answers, "current_view": view, "current_namespace": namespace}))  # noqa: S308
