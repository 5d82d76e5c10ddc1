"""Template helpers for pages with several small forms (one per note)."""

import uuid

from django import template

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    """A fresh key for one form on the page, so a double submit of that form is stored once."""
    return str(uuid.uuid4())
