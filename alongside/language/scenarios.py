"""Practice scenarios: a client's words and what a good autonomy-supportive reply tends to contain.

Written for this project (not taken from any dataset). The client's words stay English, as the coach reads
English only and the reply is written to them; the hints are marked for translation and said in the reader's
language on the page (``coach_word``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Scenario:
    slug: str
    client: str
    hints: tuple[str, ...]


_REFLECT = gettext_noop("Reflect the feeling or meaning before anything else.")
_CHOICE = gettext_noop("Leave the decision with them: it's their call.")
_PERMISSION = gettext_noop("If you want to share an idea, ask first.")

SCENARIOS = (
    Scenario(
        "weekend-slip",
        "I was doing so well and then I drank all weekend. I feel like I've wasted three months.",
        (
            _REFLECT,
            gettext_noop("Name the three months as real progress, not wasted."),
            gettext_noop("Ask what they want to take from it."),
        ),
    ),
    Scenario(
        "not-ready",
        "Everyone keeps telling me to quit. Honestly I'm not sure I even want to.",
        (_REFLECT, _CHOICE, gettext_noop("Ask an open question about what they do want.")),
    ),
    Scenario(
        "missed-appointment",
        "I didn't go to the appointment. I just couldn't face sitting in that waiting room.",
        (
            _REFLECT,
            gettext_noop("Avoid words like non-compliant or excuses."),
            gettext_noop("Ask what would make it easier, if anything."),
        ),
    ),
    Scenario(
        "family-pressure",
        "My sister says she'll stop letting me see the kids unless I go to treatment.",
        (
            _REFLECT,
            gettext_noop("Don't add your own ultimatum."),
            gettext_noop("Explore what matters most to them about the kids."),
        ),
    ),
    Scenario(
        "sleep",
        "I can't sleep without a couple of pills. I know it's not great but nights are awful.",
        (_REFLECT, _PERMISSION, gettext_noop("Offer options rather than one answer.")),
    ),
    Scenario(
        "voices",
        "The voices were loud again this week. I didn't tell my doctor because they'll up my meds.",
        (_REFLECT, gettext_noop("Use person-first words; avoid labels like psychotic."), _CHOICE),
    ),
    Scenario(
        "new-job",
        "I got the job! But I'm scared I'll mess it up like last time.",
        (gettext_noop("Affirm the effort it took."), _REFLECT, gettext_noop("Ask what helped them get here.")),
    ),
    Scenario(
        "lonely",
        "Since I stopped going to the pub I don't really have anyone to talk to.",
        (_REFLECT, gettext_noop("Ask an open question about the people or places they'd like."), _PERMISSION),
    ),
    Scenario(
        "test-result",
        "My test came back positive again. I suppose you'll write that down as another failure.",
        (
            gettext_noop("Say 'tested positive', never 'dirty'."),
            _REFLECT,
            gettext_noop("Avoid the word failure; ask what happened."),
        ),
    ),
    Scenario(
        "two-minds",
        "Part of me wants to cut down, part of me thinks it's the only thing keeping me going.",
        (
            gettext_noop("Reflect both sides of the ambivalence."),
            gettext_noop("Ask about the side that wants to cut down."),
            _CHOICE,
        ),
    ),
    Scenario(
        "tired-of-groups",
        "I hate the groups. Everyone just talks about how bad things were.",
        (_REFLECT, gettext_noop("Ask what kind of support would feel useful instead."), _CHOICE),
    ),
    Scenario(
        "small-win",
        "I only had two drinks on Friday instead of the usual ten.",
        (
            gettext_noop("Affirm the change without overdoing it."),
            gettext_noop("Ask how they managed it."),
            gettext_noop("Ask what they'd like next."),
        ),
    ),
)
