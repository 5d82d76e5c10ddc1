"""The fixed wording of the consent form (42 CFR 2.31 and 2.32) and plain names of each area.

Have the organisation's counsel review this wording before production use, in every language it is shown in:
each legal text carries a translator comment saying so, which the Spanish catalogue keeps.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from alongside.policy import CONSENTABLE_AREAS, Area

AREA_DESCRIPTIONS: dict[str, StrOrPromise] = {
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    Area.PROFILE: _("my name and basic details"),
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    Area.PLAN: _("my recovery plan: my goals, the steps I chose and the suggestions made to me"),
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    Area.MEETINGS: _("notes of my meetings with my peer supporter"),
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    Area.CHECKINS: _("my check-in answers and the scores worked out from them"),
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    Area.CRISIS: _("my crisis plan: the signs, what helps me, who to contact and what I want others to do"),
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    Area.MESSAGES: _("my messages with the people who support me (they can also write to me there)"),
}
# capfirst is lazy: each choice reads in the language of the page showing it.
AREA_CHOICES = [(area.value, capfirst(AREA_DESCRIPTIONS[area])) for area in CONSENTABLE_AREAS]
AREA_WORDS: dict[str, StrOrPromise] = {
    Area.PROFILE: _("your name and basic details"),
    Area.PLAN: _("your plan"),
    Area.MEETINGS: _("your meeting notes"),
    Area.CHECKINS: _("your check-ins"),
    Area.CRISIS: _("your crisis plan"),
    Area.MESSAGES: _("your messages"),
}

RIGHT_TO_REVOKE = _(
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    "I may stop this sharing (revoke this consent) at any time, in writing: on the Sharing page of Alongside "
    "(“Stop sharing”), or by writing to %(organisation)s. Stopping takes effect at once for anything not yet "
    "shared. It cannot undo a disclosure already made, or action already taken, while this consent was in force."
)
REDISCLOSURE_NOTICE = _(
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records. This information has been "
    "disclosed to you from records protected by federal confidentiality rules (42 CFR part 2); you may not "
    "disclose it further unless the person it is about consents in writing or the rules otherwise permit it. "
    "A general authorization for the release of medical or other information is not sufficient for this purpose."
)
NO_CONDITION = _(
    # Translators: legal text (42 CFR Part 2), to be reviewed by counsel before production use
    "My peer support does not depend on my signing this consent; I can refuse, and I can see everything "
    "that is shared and who looked at it on the “Who has seen my record” page."
)


def describe_areas(areas: list[str]) -> list[str]:
    return [str(AREA_DESCRIPTIONS[area]) for area in areas]


def right_to_revoke(organisation: str) -> str:
    return str(RIGHT_TO_REVOKE) % {"organisation": organisation}
