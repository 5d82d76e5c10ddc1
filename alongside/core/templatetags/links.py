"""``{% link %}``: what ``{% url %}`` prints, for pages that print many addresses of the same few patterns.

``{% link 'plans:step_edit' step.pk %}`` (or ``... as name``) reverses the pattern once, not once per step
(``alongside.core.links.link``): a plan page prints 20 to 60 addresses, each ``{% url %}`` about 25 µs. Use it with
integer arguments; anything else is reversed as ``{% url %}`` would.
"""

from __future__ import annotations

from typing import Any

from django import template

from alongside.core import links

register = template.Library()


@register.simple_tag
def link(viewname: str, *ids: Any) -> str:
    return links.link(viewname, *ids)
