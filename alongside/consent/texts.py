"""The fixed wording of the consent form (42 CFR 2.31 and 2.32) and plain names of each area.

Have the organisation's counsel review this wording before production use.
"""

from __future__ import annotations

from alongside.policy import CONSENTABLE_AREAS, Area

AREA_DESCRIPTIONS: dict[str, str] = {
    Area.PROFILE: "my name and basic details",
    Area.PLAN: "my recovery plan: my goals, the steps I chose and the suggestions made to me",
    Area.MEETINGS: "notes of my meetings with my peer supporter",
    Area.CHECKINS: "my check-in answers and the scores worked out from them",
    Area.CRISIS: "my crisis plan: the signs, what helps me, who to contact and what I want others to do",
    Area.MESSAGES: "my messages with the people who support me (they can also write to me there)",
}
AREA_CHOICES = [(area.value, AREA_DESCRIPTIONS[area].capitalize()) for area in CONSENTABLE_AREAS]
AREA_WORDS: dict[str, str] = {
    Area.PROFILE: "your name and basic details",
    Area.PLAN: "your plan",
    Area.MEETINGS: "your meeting notes",
    Area.CHECKINS: "your check-ins",
    Area.CRISIS: "your crisis plan",
    Area.MESSAGES: "your messages",
}

RIGHT_TO_REVOKE = (
    "I may stop this sharing (revoke this consent) at any time, in writing: on the Sharing page of Alongside "
    "(“Stop sharing”), or by writing to {organisation}. Stopping takes effect at once for anything not yet "
    "shared. It cannot undo a disclosure already made, or action already taken, while this consent was in force."
)
REDISCLOSURE_NOTICE = (
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records. This information has been "
    "disclosed to you from records protected by federal confidentiality rules (42 CFR part 2); you may not "
    "disclose it further unless the person it is about consents in writing or the rules otherwise permit it. "
    "A general authorization for the release of medical or other information is not sufficient for this purpose."
)
NO_CONDITION = (
    "My peer support does not depend on my signing this consent; I can refuse, and I can see everything "
    "that is shared and who looked at it on the “Who has seen my record” page."
)


def describe_areas(areas: list[str]) -> list[str]:
    return [AREA_DESCRIPTIONS[area] for area in areas]
