"""The coach's words in the reader's language (language/words.py).

``{% load coach_words %}``, then ``{{ finding.category|coach_word:"category" }}`` or
``{{ finding.explanation|coach_word }}``.
"""

from __future__ import annotations

from django import template

from alongside.language import words

register = template.Library()
register.filter("coach_word", words.coach_word)
