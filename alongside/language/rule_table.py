"""The coach's rule table: wording to notice, why, what to say instead, and where the advice comes from.

Patterns are case-insensitive regular expressions that must start with a literal word (the engine
dispatches on it). A space matches any run of whitespace and an apostrophe matches ' or ’. A named group
`hit` narrows the reported span. Severity "note" marks words that are fine in precise or clinical use, so
the coach mentions them gently and `lint` does not fail on them; "good" marks autonomy-supportive wording.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

NIDA = 'NIDA "Words Matter"'
ALEX = "alex (MIT)"
MI = "MI practice (Miller & Rollnick)"
OWN = "own research"
AFSP = "alex (MIT); AFSP reporting guidance"

PERSON_FIRST = ("person with a substance use disorder", "person who uses drugs")
PERSON_FIRST_MH = ("person with a mental health condition", "person living with mental illness")
# A negation up to two words before, on the same line: a "not" that ends one line does not reach the next.
NEGATION = r"(?:not|n't|never|no longer|nobody is|no one is)[^\S\r\n]+(?:\w+[^\S\r\n]+){0,2}\Z"
CLAUSE = r"[^.?!\n]{0,200}"


@dataclass(frozen=True)
class Rule:
    category: str
    patterns: tuple[str, ...]
    explanation: str
    alternatives: tuple[str, ...]
    source: str
    severity: str = "warning"
    skip_before: str = ""  # regex tested against the 40 characters before the match
    case_sensitive: bool = False


def _stig(patterns: tuple[str, ...], explanation: str, alternatives: tuple[str, ...], source: str, **kw) -> Rule:
    return Rule("stigmatizing", patterns, explanation, alternatives, source, **kw)


def _note(patterns: tuple[str, ...], explanation: str, alternatives: tuple[str, ...], source: str = ALEX) -> Rule:
    return Rule("stigmatizing", patterns, explanation, alternatives, source, severity="note")


def _directive(patterns: tuple[str, ...], explanation: str, alternatives: tuple[str, ...]) -> Rule:
    return Rule("directive", patterns, explanation, alternatives, MI, skip_before=NEGATION)


def _judge(patterns: tuple[str, ...], explanation: str, alternatives: tuple[str, ...], source: str = MI) -> Rule:
    return Rule("judgmental", patterns, explanation, alternatives, source, skip_before=NEGATION)


def _support(patterns: tuple[str, ...], explanation: str) -> Rule:
    return Rule("autonomy_supportive", patterns, explanation, (), MI, severity="good")


STIGMATIZING = (
    _stig(
        ("(?:former|reformed|ex|recovering)[- ]?(?:addicts?|junkies?|alcoholics?)",),
        gettext_noop("Labels the person by their past use; recovery language keeps the person first."),
        ("person in recovery", "person in long-term recovery"),
        NIDA,
    ),
    _stig(
        (
            "addicts?",
            "junkies?",
            "junky",
            "druggies?",
            "crackheads?",
            "methheads?",
            "potheads?",
            "stoners?",
            "tweakers?",
            "dope ?fiends?",
            "crackwhores?",
            "dopeheads?",
            "smackheads?",
        ),
        gettext_noop("Reduces a person to their drug use and carries blame; put the person first."),
        PERSON_FIRST,
        f"{NIDA}; {ALEX}",
    ),
    _stig(
        ("(?:drug|substance|heroin|meth|cocaine|crack|opioid|opiate|alcohol|iv|intravenous|injecting) users?",),
        gettext_noop("Names a person by the drug they use; person-first wording keeps their dignity."),
        ("person who uses drugs", "person with a substance use disorder"),
        NIDA,
    ),
    _stig(
        (
            "alcoholics?(?! (?:beverages?|drinks?|content))",
            "drunkards?",
            "drunks",
            "a drunk",
            "the drunk",
            "winos?",
            "boozers?",
            "alcohol abusers?",
        ),
        gettext_noop("Labels the person by their drinking; describe the condition, not the identity."),
        ("person with an alcohol use disorder", "person who drinks heavily"),
        f"{NIDA}; {ALEX}",
    ),
    _stig(
        ("abusers?", "(?:drug|substance|alcohol) abuse"),
        gettext_noop('"Abuse" links a health condition with wrongdoing and raises blame in clinicians too.'),
        ("misuse", "substance use disorder", "person with a substance use disorder"),
        NIDA,
    ),
    _stig(
        ("(?:drug|drinking|alcohol|heroin|cocaine|pill|meth|crack|opioid) habit",),
        gettext_noop('"Habit" suggests a choice that could simply be dropped, not a health condition.'),
        ("substance use disorder", "regular use"),
        NIDA,
    ),
    _stig(
        (
            (
                "(?:tested|testing|tests?|urine|ua|uas|screen|sample|results?)(?: (?:is|was|were|came|come|comes))?"
                "(?: back)? (?P<hit>clean|dirty)"
            ),
            "(?:clean|dirty) (?:urines?|uas?|tests?|drug tests?|samples?|screens?|drug screens?|urinalysis|results?)",
            (
                "(?:i'm|i am|you're|you are|he's|he is|she's|she is|they're|they are|been|stay|stays|staying|stayed|"
                "get|gets|getting|got|keep|keeps|keeping|remain|remains|remained|being) (?P<hit>clean)"
                "(?! (?:house|kitchen|room|clothes|dishes|laundry|up)\\b)"
            ),
        ),
        gettext_noop('"Clean" and "dirty" tie a medical result or a person\'s recovery to being pure or filthy.'),
        ("testing negative", "testing positive", "not using", "in recovery"),
        NIDA,
    ),
    _stig(
        ("non-?compliant", "noncompliance", "non-compliance"),
        gettext_noop("Casts a person as disobedient; it hides why a plan is not working for them."),
        ("chose not to", "has not yet", "the plan isn't working for them yet"),
        OWN,
    ),
    _stig(
        ("in denial",),
        gettext_noop("Labels ambivalence as a defect; ambivalence is normal and worth exploring."),
        ("not ready yet", "has mixed feelings", "is unsure about change"),
        MI,
    ),
    _stig(
        ("manipulative", "manipulating", "attention[- ]seek(?:ing|ers?)", "drug[- ]seek(?:ing|ers?)"),
        gettext_noop("Attributes bad intent; describe what the person did and what they may need."),
        ("asking for help in the way they can", "describe the specific behaviour"),
        OWN,
    ),
    _stig(
        ("frequent fl(?:y|i)ers?",),
        gettext_noop("Makes a joke of someone who keeps needing care."),
        ("person who often comes back to the service",),
        OWN,
    ),
    _stig(
        ("tough love",),
        gettext_noop("Frames hardship or withdrawal of support as care; evidence favours warmth and choice."),
        ("holding clear boundaries with warmth",),
        OWN,
    ),
    _stig(
        (
            "relapsed again",
            "fell off the wagon",
            "falls? off the wagon",
            "falling off the wagon",
            "slipped up again",
            "relapsers?",
            "failed (?:at )?recovery",
        ),
        gettext_noop("Frames a return to use as failure; setbacks are a common part of recovery."),
        ("returned to use", "had a setback", "is having a hard time right now"),
        f"{NIDA}; {OWN}",
    ),
    _stig(
        (
            "(?:committed|completed|commit|complete|successful|failed) suicide",
            "commits suicide",
            "committing suicide",
            "failed attempt",
            "suicide failure",
            "hanged (?:himself|herself|themselves|themself)",
        ),
        gettext_noop("Suicide is not a crime, a success or a failure; neutral wording lowers stigma."),
        ("died by suicide", "suicide attempt", "attempted suicide"),
        AFSP,
    ),
    _stig(
        ("suicide epidemic", "epidemic of suicides", "suicide pact"),
        gettext_noop("Sensational wording about suicide can raise risk for people who are struggling."),
        ("rise in suicides",),
        AFSP,
    ),
    _stig(
        ("the mentally ill", "mentally ill", "mental cases?", "mental defectives?", "mental patients?"),
        gettext_noop("Defines people by a diagnosis; put the person first."),
        PERSON_FIRST_MH,
        f"{ALEX}; {OWN}",
    ),
    _stig(
        (
            "schizophrenics?",
            "schizos?",
            "a bipolar",
            "psychos?",
            "psychopaths?",
            "sociopaths?",
            "lunatics?",
            "maniacs?",
            "loony",
            "loonies",
            "nutters?",
            "nutcases?",
            "nut jobs?",
            "batshit",
            "wackos?",
            "whackos?",
            "neurotic",
            "demented",
            "senile",
            "retards?",
            "retarded",
            "morons?",
            "moronic",
            "crackpots?",
        ),
        gettext_noop("Uses a diagnosis or a slur as a label for the whole person."),
        ("person with schizophrenia", "person with a mental health condition", "describe the behaviour"),
        ALEX,
    ),
    _stig(
        (
            (
                "(?:you're|you are|he's|he is|she's|she is|they're|they are|i'm|i am) (?:so |being |just |a bit |"
                "completely |totally )?(?P<hit>crazy|insane|nuts|mental|mad)"
            ),
            "(?:crazy|insane|mental) (?:person|people|man|woman|guy|lady)",
        ),
        gettext_noop("Calls a person mentally ill as an insult; it stigmatises people who live with such conditions."),
        ("overwhelmed", "going through a lot", "describe the behaviour"),
        ALEX,
    ),
    _stig(
        (
            "(?:suffers|suffering|suffered|suffer) from",
            "afflicted with",
            "stricken with",
            "victims? of (?:mental|addiction|schizophrenia|psychosis|depression|bipolar|alcoholism)",
        ),
        gettext_noop("Assumes a life of suffering; many people simply live with a condition."),
        ("lives with", "has", "experiences"),
        f"{ALEX}; {OWN}",
    ),
    _stig(
        (
            "asylums?(?! seekers?| claims?| applications?| process)",
            "madhouses?",
            "loony bins?",
            "nuthouses?",
            "bedlam",
        ),
        gettext_noop("Old words for psychiatric care that mock the people in it."),
        ("psychiatric hospital", "mental health unit", "chaos"),
        ALEX,
    ),
    _stig(
        ("addicted babies", "addicted baby", "crack bab(?:y|ies)"),
        gettext_noop("Babies are born dependent, not addicted; the label follows a child for life."),
        ("baby with neonatal abstinence syndrome", "baby born exposed to substances"),
        NIDA,
    ),
    _note(
        (
            "crazy",
            "insane",
            "insanity",
            "insanely",
            "nuts",
            "lunacy",
            "delirious",
            (
                "mental(?! (?:health|illness|"
                "illnesses|disorders?|wellbeing|well-being|state|note|notes|load|capacity|conditions?|distress|"
                "healthcare|services?|support)\\b)"
            ),
            "psychopathology",
        ),
        gettext_noop("Casual use of mental-illness words as slang can stigmatise; a plainer word is often clearer."),
        ("wild", "surprising", "intense", "overwhelming"),
    ),
    _note(
        (
            "bipolar",
            "manic",
            "psychotic",
            "depressed",
            "anorexic",
            "ocd",
            "o\\.c\\.d\\.?",
            "adhd",
            "a\\.d\\.d\\.?",
            "a\\.d\\.h\\.d\\.?",
            "insomniacs?",
            "insomnia",
            "panic attacks?",
        ),
        gettext_noop("Fine for a diagnosis or the person's own words; as a casual description it can trivialise."),
        ("person with bipolar disorder", "feeling low", "very particular", "can't sleep"),
    ),
    Rule(
        "stigmatizing",
        ("ADD",),
        gettext_noop("Fine for a diagnosis; as a casual description it can trivialise."),
        ("person with ADHD", "distracted"),
        ALEX,
        severity="note",
        case_sensitive=True,
    ),
    _note(
        (
            "sane",
            "sanity checks?",
            "rehab",
            "detox",
            "rehab centers?",
            "detox centers?",
            "binge",
            "binges",
            "bingeing",
            "binging",
            "suicide note",
        ),
        gettext_noop("Alex flags this wording; clinical or neutral terms are usually kinder."),
        ("treatment", "treatment centre", "check", "episode of heavy use"),
    ),
    _note(
        ("drunk", "drunken", "dope", "stoned", "wasted", "hammered", "smashed"),
        gettext_noop("Slang for being intoxicated can sound like a judgement; plain words describe it without one."),
        ("had been drinking", "intoxicated", "under the influence"),
        f"{NIDA}; {ALEX}",
    ),
)

DIRECTIVE = (
    _directive(
        (
            "you need to",
            "you must",
            "you should(?:n't| not)?",
            "you have to",
            "you've got to",
            "you have got to",
            "you gotta",
            "you ought to",
            "you'd better",
            "you had better",
            "you will have to",
            "you'll have to",
            "i want you to",
            "i need you to",
            "i expect you to",
            "make sure (?:that )?you",
            "it's time you",
            "it is time you",
            "you can't keep",
        ),
        gettext_noop("Telling someone what to do tends to raise resistance; it takes the choice away from them."),
        (
            "What would you like to do?",
            "Some people find it helps to … — how does that sound to you?",
            "It's up to you, and one option is …",
        ),
    ),
    _directive(
        (
            "what you should do is",
            "what you need to do is",
            "the best thing (?:for you )?(?:is|would be|to do is)",
            "my advice (?:is|would be|to you is)",
            "if i were you",
            "why don't you",
            "why not just",
            "you just need to",
            "all you have to do is",
            "all you need to do is",
        ),
        gettext_noop("Advice given without asking first often goes unheard; ask permission and offer options."),
        ("Would it be OK if I shared an idea?", "Some people have tried … — what do you think?"),
    ),
    _directive(
        (
            "if you don't [^.?!\n]{1,80}?,? (?:then|you'll|you will|i'll|i will|we'll|we will)",
            "if you do not [^.?!\n]{1,80}?,? (?:then|you'll|you will|i'll|i will|we'll|we will)",
            "or else",
            "last chance",
            "final warning",
            "(?:this|it) is your (?:last|final) (?:chance|warning)",
            "i'm warning you",
            "i am warning you",
            "you'll regret",
            "you will regret",
        ),
        gettext_noop(
            "Warnings and ultimatums put pressure on the person instead of supporting their own reasons to change."
        ),
        ("What worries you most about where this is going?", "What might happen if things stay the same?"),
    ),
)

JUDGMENTAL = (
    _judge(
        (
            "lazy",
            "laziness",
            "unmotivated",
            "weak(?:-willed)?",
            "no willpower",
            "lack of willpower",
            "spineless",
            "selfish",
            "irresponsible",
            "pathetic",
            "a disgrace",
            "hopeless cases?",
            "lost causes?",
            "idiots?",
            "stupid",
            "dumb",
            "difficult (?:client|patient|person)s?",
            "resistant (?:client|patient)s?",
        ),
        gettext_noop("Labels the person's character; describe the situation and stay curious about it."),
        ("finding it hard to get started", "having a difficult time", "not ready yet"),
    ),
    _judge(
        (
            "failed again",
            "(?:you|he|she|they) failed",
            ("(?:bad|poor|wrong|stupid|terrible) (?:choices|choice|decisions?)"),
            "not (?:even )?trying",
            "making excuses",
            "just (?:an )?excuses?",
            "no (?:more )?excuses",
            "your own fault",
            "(?:his|her|their) own fault",
            ("brought (?:this|it) on (?:yourself|himself|herself|themselves)"),
            "should have known better",
            "self[- ]inflicted",
            "disappointed in you",
            "you (?:always|never) (?!need\\b|have to\\b|had to\\b|must\\b)\\w+",
        ),
        gettext_noop("Judges the person as failing; it can shame them and make honest talk harder."),
        ("it hasn't worked out yet", "what got in the way?", "that was a hard week"),
    ),
)

AUTONOMY_SUPPORTIVE = (
    _support(
        (
            "it's up to you",
            "it is up to you",
            "(?:it's|it is|that's|that is) your (?:choice|decision|call)",
            "your choice",
            "you decide",
            "you get to decide",
            "whatever you decide",
            "you're the expert",
            "you are the expert",
            "only you can",
            "you don't have to",
            "you do not have to",
            "you never have to",
            "you never need to",
            "you don't need to",
            "you do not need to",
            "no need to",
            "there's no rush",
            "when you're ready",
            "in your own time",
        ),
        gettext_noop("Emphasises the person's choice and control."),
    ),
    _support(
        (
            "would it be (?:ok|okay|alright|all right) (?:if|for me to)" + CLAUSE,
            "is it (?:ok|okay|alright|all right) if i" + CLAUSE,
            "may i (?:suggest|share|offer|tell|ask|give)" + CLAUSE,
            "can i (?:share|offer|suggest|give you)" + CLAUSE,
            "do you mind if i" + CLAUSE,
            "would you like (?:to hear|me to|some|an idea|a suggestion)" + CLAUSE,
        ),
        gettext_noop("Asks permission before offering information or advice."),
    ),
    _support(
        (
            "what [^?.!\n]{0,200}\\?",
            "how [^?.!\n]{0,200}\\?",
            "tell me (?:more )?about",
            "help me understand",
            "i'm curious about",
            "i wonder what",
            "i wonder how",
        ),
        gettext_noop("An open question invites the person to tell their own story."),
    ),
    _support(
        (
            "it sounds like" + CLAUSE,
            "sounds like you" + CLAUSE,
            "it seems like you" + CLAUSE,
            "so you're saying" + CLAUSE,
            "so you are saying" + CLAUSE,
            "what i'm hearing" + CLAUSE,
            "you feel" + CLAUSE,
            "you're feeling" + CLAUSE,
            "you are feeling" + CLAUSE,
            "part of you" + CLAUSE,
            "on the one hand" + CLAUSE,
        ),
        gettext_noop("A reflection shows you listened and lets the person hear their own words."),
    ),
    _support(
        (
            "you've worked (?:really |so )?hard",
            "you have worked (?:really |so )?hard",
            "that took (?:real )?courage",
            "that takes (?:real )?courage",
            "you've done (?:really |so )?well",
            "you stuck with",
            "i appreciate (?:you|your|how|that)",
            "you've come a long way",
            "that's a real strength",
            "you really care about",
            "you managed to",
        ),
        gettext_noop("An affirmation names a real strength or effort."),
    ),
)

RULES: tuple[Rule, ...] = STIGMATIZING + DIRECTIVE + JUDGMENTAL + AUTONOMY_SUPPORTIVE
