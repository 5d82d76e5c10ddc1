"""Parts of every page that show the same to everyone with the same language, answers and current page: the
main navigation, the page's links to its assets, the idle sign-out dialog, the language buttons. Each is
rendered once per such key, then reused.

Every signed-in page shows them, and rendering them (a dozen ``{% url %}`` and ``{% static %}`` tags, and more
``{% translate %}`` tags) was most of what ``base.html`` cost. What each shows depends only on the language, the
``can_*`` answers and ``signed_in`` its template asks about and which page is current, so those are the whole key.
A fragment is rendered with nothing else: it cannot show anything personal (no name, no CSRF token, no nonce),
because it never sees it.
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
def flags_asked(template_name: str) -> tuple[str, ...]:
    """The answers a fragment's template asks about, read from the template itself so that a link added under
    a new flag is keyed on it without anyone remembering to list it here."""
    return tuple(sorted(set(re.findall(r"\b(?:can_\w+|signed_in)\b", _source(template_name)))))


@functools.cache
def asks_current_page(template_name: str) -> bool:
    return "current_view" in _source(template_name) or "current_namespace" in _source(template_name)


def _source(template_name: str) -> str:
    return str(get_template(template_name).template.source)  # type: ignore[attr-defined]


@register.simple_tag(takes_context=True)
def shared(context: template.Context, template_name: str) -> SafeString:
    """The fragment ``template_name`` for this page's language, answers and current page."""
    match = getattr(context.get("request"), "resolver_match", None)
    flags = tuple(bool(context.get(name)) for name in flags_asked(template_name))
    current = (match.view_name, match.namespace) if match and asks_current_page(template_name) else ("", "")
    return rendered(template_name, get_language(), get_script_prefix(), get_urlconf(), flags, *current)


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> SafeString:
    """The navigation's links for this page (the sign-out form, with its CSRF token, stays in ``base.html``)."""
    return shared(context, NAVIGATION)


@functools.lru_cache(maxsize=2048)  # fragments x languages x answers x pages: a few hundred at most
def rendered(
    template_name: str, language: str, prefix: str, urlconf: Any, flags: tuple[bool, ...], view: str, namespace: str
) -> SafeString:
    """One fragment for one key; the language, script prefix and URL configuration are in the key because the
    words and the links depend on them (they are read from the thread, not passed in)."""
    answers = dict(zip(flags_asked(template_name), flags, strict=True))
    context = {**answers, "current_view": view, "current_namespace": namespace}
    return mark_safe(render_to_string(template_name, context))  # noqa: S308
