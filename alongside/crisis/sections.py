"""The sections of a crisis plan (after WRAP, the Wellness Recovery Action Plan), in the client's voice.

One list, read by the form, the pages, the text download, My data and the FHIR export, so every copy of the
plan has the same sections in the same order with the same headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class PlanSection:
    field: str
    heading: StrOrPromise  # gettext_lazy: read in the language of the page (or download) showing it
    prompt: StrOrPromise


SECTIONS = (
    PlanSection("when_well", _("What I'm like when I'm well"), _("How you are, what you do, what people notice.")),
    PlanSection("getting_hard", _("Signs that things are getting hard"), _("What you or others notice first.")),
    PlanSection("what_helps", _("What helps me then"), _("Things you can do, and things that have helped before.")),
    PlanSection("who_to_contact", _("Who to contact, and how"), _("Names, numbers, and when is best to reach them.")),
    PlanSection("others_do", _("What I want others to do"), _("How people can help you.")),
    PlanSection("others_not_do", _("What I do not want others to do"), _("What does not help, or makes it harder.")),
    PlanSection("where_supported", _("Where I want to be supported"), _("Places you feel safe, and places to avoid.")),
    PlanSection("medicines", _("My medicines and allergies"), _("Only if you choose to include them.")),
    PlanSection("after_crisis", _("What happens after a crisis"), _("What helps you recover, and who to tell.")),
)
FIELDS = tuple(section.field for section in SECTIONS)
# Medicines and allergies are kept only when the client ticks the box that includes them.
OPT_IN_FIELD = "medicines"
TEXT_MAX = 2000
