"""The sections of a crisis plan (after WRAP, the Wellness Recovery Action Plan), in the client's voice.

One list, read by the form, the pages, the text download, My data and the FHIR export, so every copy of the
plan has the same sections in the same order with the same headings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanSection:
    field: str
    heading: str
    prompt: str


SECTIONS = (
    PlanSection("when_well", "What I'm like when I'm well", "How you are, what you do, what people notice."),
    PlanSection("getting_hard", "Signs that things are getting hard", "What you or others notice first."),
    PlanSection("what_helps", "What helps me then", "Things you can do, and things that have helped before."),
    PlanSection("who_to_contact", "Who to contact, and how", "Names, numbers, and when is best to reach them."),
    PlanSection("others_do", "What I want others to do", "How people can help you."),
    PlanSection("others_not_do", "What I do not want others to do", "What does not help, or makes it harder."),
    PlanSection("where_supported", "Where I want to be supported", "Places you feel safe, and places to avoid."),
    PlanSection("medicines", "My medicines and allergies", "Only if you choose to include them."),
    PlanSection("after_crisis", "What happens after a crisis", "What helps you recover, and who to tell."),
)
FIELDS = tuple(section.field for section in SECTIONS)
# Medicines and allergies are kept only when the client ticks the box that includes them.
OPT_IN_FIELD = "medicines"
TEXT_MAX = 2000
