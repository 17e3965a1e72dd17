"""Plain English for the sentences the town writes itself: activities, relations, speech.

Plans name activities every way people write them ("breakfast", "have
lunch", "open the shop", "sleeping"); memories and fallback lines need them
in one form, "Priya Raman is having breakfast". Personas describe a relation
from their own side ("her mother", "runs the pub"); a memory needs a whole
sentence ("Winnie Ashgrove is Odette's mother", "Rafael Quintero runs the pub").
"""

from __future__ import annotations

import re

_POSSESSIVES = frozenset({"her", "his", "their", "my", "our", "your"})
_DETERMINERS = frozenset(
    {"a", "an", "the", "one", "someone", "somebody", "another", "no", "not", "also"}
)
# Nouns of activities that take "having" ("having breakfast"), not a bare "is".
_MEALS = frozenset({"breakfast", "lunch", "dinner", "supper", "brunch", "tea", "coffee"})
_VOWELS = "aeiou"
# Verbs whose -ing form does not follow the usual rules.
_IRREGULAR = {
    "be": "being",
    "see": "seeing",
    "have": "having",
    "lie": "lying",
    "die": "dying",
    "tie": "tying",
    "go": "going",
    "do": "doing",
    "visit": "visiting",
    "open": "opening",
    "listen": "listening",
    "happen": "happening",
    "garden": "gardening",
    "travel": "travelling",
    "cancel": "cancelling",
}
_PREPOSITIONS = frozenset({"at", "in", "on", "with", "for", "to", "by", "from", "up", "out"})
# Words an activity may start with that are not verbs to put in -ing form.
_NOT_VERBS = frozenset({"at", "in", "on", "with", "for", "out", "off", "up", "back", "home"})


def progressive(activity: str) -> str:
    """An activity as what someone "is" doing: "have lunch" → "having lunch".

    "sleeping" and "at work" stay as they are; a meal alone takes "having";
    another bare noun takes "busy with".
    """
    text = " ".join(activity.split()).rstrip(".")
    if not text:
        return "idle"
    first, _, rest = text.partition(" ")
    lower = first.lower()
    if lower.endswith("ing") or lower in _NOT_VERBS or lower == "idle":
        return text
    if lower in _MEALS:
        return f"having {text}"
    if lower in _DETERMINERS or lower in _POSSESSIVES:
        return f"busy with {text}"
    if not rest and lower not in _IRREGULAR and not _looks_like_verb(lower):
        return f"busy with {text}"
    return f"{ing_form(lower)} {_later_verbs(rest)}".strip()


def _later_verbs(rest: str) -> str:
    """ "coffee and sketch at the table" → "coffee and sketching at the table"."""
    words = rest.split(" ")
    for i in range(len(words) - 1):
        if words[i] != "and":
            continue
        verb = words[i + 1]
        after = words[i + 2].lower() if i + 2 < len(words) else ""
        if (
            verb.islower()
            and not verb.endswith("ing")
            and (
                verb in _IRREGULAR
                or _looks_like_verb(verb)
                or after in _DETERMINERS | _POSSESSIVES | _PREPOSITIONS
            )
        ):
            words[i + 1] = ing_form(verb)
    return " ".join(words)


def ing_form(verb: str) -> str:
    """The -ing form of a verb: "make" → "making", "shop" → "shopping", "see" → "seeing"."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    if (
        len(verb) >= 3
        and verb[-1] not in _VOWELS + "wxy"
        and verb[-2] in _VOWELS
        and verb[-3] not in _VOWELS
        and _one_syllable(verb)
    ):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def relation_sentence(other: str, owner: str, relation: str) -> str:
    """A persona's relation as a sentence about the other person.

    ("Winnie Ashgrove", "Odette", "her mother") → "Winnie Ashgrove is Odette's mother";
    "runs the pub" → "Rafael Quintero runs the pub"; "the mayor" → "... is the mayor";
    "husband" → "... is Owen's husband"; "once her pupil" → "... was once her pupil".
    """
    text = " ".join(relation.split())
    first, _, rest = text.partition(" ")
    lower = first.lower()
    if lower in _POSSESSIVES:
        return f"{other} is {owner}'s {rest}".rstrip()
    if lower == "once":
        return f"{other} was {text}"
    if lower in _DETERMINERS or first.endswith("'s") or first[:1].isupper():
        return f"{other} is {text}"
    if _third_person_verb(lower):
        return f"{other} {text}"
    return f"{other} is {owner}'s {text}"


def first_clause(text: str) -> str:
    """The first clause of a description, up to its first comma, semicolon or " and "."""
    clause = re.split(r"[;,]| and | but ", text.strip(), maxsplit=1)[0]
    return clause.strip().rstrip(".")


def in_first_person(phrase: str) -> str:
    """A phrase about oneself in the first person: "planning his retirement" → "... my ..."."""
    return re.sub(r"\b(?:his|her|their)\b", "my", phrase, count=1)


def _looks_like_verb(word: str) -> bool:
    # A lone word like "work", "read" or "shop" is said as "working", "reading".
    return word in {
        "work",
        "read",
        "write",
        "shop",
        "cook",
        "eat",
        "sleep",
        "rest",
        "study",
        "paint",
        "walk",
        "run",
        "jog",
        "swim",
        "relax",
        "clean",
        "bake",
        "nap",
        "draw",
        "sing",
        "play",
        "practise",
        "practice",
        "teach",
        "shower",
        "wash",
        "make",
        "take",
        "get",
        "serve",
        "sketch",
        "feed",
        "buy",
        "meet",
        "check",
        "prepare",
        "tidy",
        "finish",
        "start",
        "watch",
        "call",
        "drink",
        "chat",
        "talk",
        "help",
        "fix",
        "build",
        "measure",
        "sit",
        "stop",
        "pick",
        "close",
        "lock",
        "plan",
        "sweep",
        "water",
        "go",
    }


def _third_person_verb(word: str) -> bool:
    # "runs", "owns", "lets", "studies": a verb of the other person; not "'s", not "always".
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s"))
        and word not in {"always", "perhaps", "sometimes", "towns", "parents", "friends"}
    )


def _one_syllable(word: str) -> bool:
    return len(re.findall(r"[aeiouy]+", word)) == 1
