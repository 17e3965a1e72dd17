"""Telling a usable answer from one that parses but makes no sense.

A small model's answer can be valid JSON of the right shape and still be
useless: a line of the prompt copied back, markup debris, a placeholder
("Step 1", "N/A"), a line of dialogue said already, the speaker greeting
itself, a row of unrelated emoji. `degenerate_reason` names the first such
fault in an answer, in words a model can act on, or returns None.

Each task declares which of its answer's fields to look at (`AnswerShape`);
its prompt gives the context (`PromptContext`): the prompt's own words, the
values filled into it, and for dialogue the lines said so far.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

# Five words in a row from the prompt's own text (four of them its own words,
# not names or values filled in) are a copy, not a coincidence.
ECHO_WORDS = 5
ECHO_OWN_WORDS = 4
# Lines of dialogue this alike (0..1, on normalised text) are the same line.
REPEAT_RATIO = 0.85
# A line of the partner's may be echoed when short ("See you!" "See you!").
REPEAT_MIN_WORDS = 4
MAX_EMOJI = 3

_WORD = re.compile(r"§\w+§|[a-z0-9]+(?:'[a-z]+)?")
_HEADER = re.compile(r"^\s*([A-Z][a-z]+(?: [a-z]+){0,3}):(?:\s|$)", re.M)
_MARKUP = (
    (re.compile(r"<\|[^|<>]{0,40}\|>"), "a chat-template token"),
    (re.compile(r"</?[A-Za-z][^<>\n]{0,80}>"), "a markup tag"),
    (re.compile(r"\[/?INST\]|```|^\s*#{2,}\s", re.M), "prompt markup"),
    (re.compile(r"\{\s*\"|\"\s*\}|\"\s*:\s*[\"{\[\dtfn]|\\[n\"]"), "a JSON fragment"),
)
_ADDRESS = re.compile(r"[A-Za-z]:[A-Za-z]")
_CLOCK = re.compile(
    r"^\d{1,2}(?:[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\s*(?:am|pm|a\.m\.|p\.m\.))\s*[-–:,]?\s*",
    re.I,
)
_NUMBERED = re.compile(r"^(?:(?:step|item|task)\s*\d+\b|\d{1,2}[.)]\s|[-*•]\s)", re.I)
_PLACEHOLDERS = frozenset(
    {
        "step",
        "activity",
        "action",
        "task",
        "item",
        "thing",
        "event",
        "text",
        "string",
        "answer",
        "example",
        "placeholder",
        "todo",
        "tbd",
        "na",
        "n a",
        "none",
        "null",
        "nothing",
        "unknown",
        "first",
        "firstly",
        "then",
        "next",
        "finally",
        "lastly",
        "etc",
        "and so on",
    }
)
# Alone, these name when, not what: an activity of "morning" is no activity
# (in speech, "Morning!" is a greeting, so only free text is held to this).
_TIMES_OF_DAY = frozenset(
    {"morning", "afternoon", "evening", "night", "noon", "midday", "day", "today", "later"}
)
_GREETINGS = (
    r"hi|hello|hey|hiya|morning|good morning|good afternoon|good evening|evening|"
    r"dear|bye|goodbye|thanks|thank you|see you|take care|oh"
)


@dataclass(frozen=True)
class AnswerShape:
    """Which fields of a task's answer hold words to check, as dotted paths.

    `prose` are free-text fields ("steps.activity" looks into every step);
    `speech` is a line of dialogue; `emoji` a field that must be 1-3 emoji.
    """

    prose: tuple[str, ...] = ()
    speech: str | None = None
    emoji: str | None = None


@dataclass(frozen=True)
class PromptContext:
    """What an answer is checked against: the prompt's own words and what was said.

    `fixed` is the prompt's own text with every filled-in value written as a
    marker `§name§`; `values` maps those names to their text. `said` holds
    the conversation so far as (speaker, words) lines.
    """

    fixed: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    headers: frozenset[str] = frozenset()
    field_names: frozenset[str] = frozenset()
    said: tuple[tuple[str, str], ...] = ()
    speaker: str = ""
    partner: str = ""


def prompt_context(
    templates: Sequence[str],
    values: Mapping[str, str],
    rendered: Sequence[str],
    field_names: frozenset[str] = frozenset(),
    **dialogue: Any,
) -> PromptContext:
    """The context of a prompt made from `templates` filled with `values`.

    `rendered` are the messages as sent (their "Label:" lines are headers an
    answer must not copy); `dialogue` may give `said`, `speaker`, `partner`.
    """
    pieces: list[str] = []
    for template in templates:
        for literal, name, _, _ in string.Formatter().parse(template):
            pieces.append(literal)
            if name is not None:
                pieces.append(f" §{name}§ ")
        pieces.append("\n")
    headers = frozenset(h.lower() for text in rendered for h in _HEADER.findall(text))
    return PromptContext(
        fixed="".join(pieces),
        values=dict(values),
        headers=headers,
        field_names=frozenset(n.lower() for n in field_names),
        **dialogue,
    )


def degenerate_reason(
    answer: Mapping[str, Any], shape: AnswerShape, context: PromptContext
) -> str | None:
    """Why an answer cannot be used although it is valid, or None when it is fine."""
    for path in shape.prose:
        for text in field_texts(answer, path):
            reason = prose_fault(text, context)
            if reason:
                return f"field {path!r}: {reason}"
    if shape.speech:
        for text in field_texts(answer, shape.speech):
            reason = speech_fault(text, context)
            if reason:
                return f"field {shape.speech!r}: {reason}"
    if shape.emoji:
        for text in field_texts(answer, shape.emoji):
            if text.strip() and not is_short_emoji(text):
                return f"field {shape.emoji!r}: {quoted(text)} is not one to three emoji"
    return None


def field_texts(data: Any, path: str) -> Iterator[str]:
    """The strings found at a dotted path of an answer, looking into every list item."""
    if isinstance(data, list):
        for item in data:
            yield from field_texts(item, path)
        return
    if not path:
        if isinstance(data, str):
            yield data
        return
    if isinstance(data, Mapping):
        head, _, rest = path.partition(".")
        yield from field_texts(data.get(head), rest)


def prose_fault(text: str, context: PromptContext) -> str | None:
    """What is wrong with a free-text field: markup, a placeholder, a copy of the prompt."""
    if not text.strip():
        return None
    if " ".join(_plain(_CLOCK.sub("", text.strip(), count=1)).split()) in _TIMES_OF_DAY:
        return f"{quoted(text)} is a time of day, not what happens; say what is done"
    return _written_fault(text, context)


def speech_fault(text: str, context: PromptContext) -> str | None:
    """What is wrong with a line of dialogue: all that prose can get wrong, and more."""
    if _ADDRESS.search(text):
        return f"{quoted(text)} names a place the way the prompt writes it (area:room)"
    if text.rstrip().endswith(":"):
        return f"{quoted(text)} stops at a colon and says nothing; give the words themselves"
    if not text.strip():
        return None
    return (
        _written_fault(text, context)
        or name_fault(text, context.speaker, context.partner)
        or repeat_fault(text, context.said, context.speaker)
    )


def _written_fault(text: str, context: PromptContext) -> str | None:
    return markup_fault(text) or placeholder_fault(text, context) or echo_fault(text, context)


def markup_fault(text: str) -> str | None:
    """Markup or JSON debris inside a string."""
    for pattern, what in _MARKUP:
        found = pattern.search(text)
        if found:
            return f"{quoted(text)} contains {what} ({found.group(0)!r}); write plain words"
    return None


def placeholder_fault(text: str, context: PromptContext) -> str | None:
    """A placeholder where words were asked for: "Step 1", "N/A", a field's own name."""
    body = _CLOCK.sub("", text.strip(), count=1)
    if _NUMBERED.match(body):
        return f"{quoted(text)} starts with list numbering; give the words alone"
    bare = " ".join(_plain(body).split())
    named = bare.replace(" ", "_")
    if bare in _PLACEHOLDERS or not bare or {named, named + "s"} & context.field_names:
        return f"{quoted(text)} is a placeholder, not an answer; say what is meant"
    if re.fullmatch(r"(?:step|item|activity|task)\s*\d+", bare):
        return f"{quoted(text)} is a placeholder, not an answer; say what is meant"
    return None


def echo_fault(text: str, context: PromptContext) -> str | None:
    """A copy of the prompt's own words (its instructions, its labels)."""
    lowered = text.lower()
    for header in context.headers:
        if re.search(rf"(?<![a-z]){re.escape(header)}:", lowered):
            return f"{quoted(text)} copies the prompt's label {header + ':'!r}"
    words = _tokens(_with_markers(lowered, context.values))
    if len(words) < ECHO_WORDS:
        return None
    fixed = _ngrams(_tokens(context.fixed.lower()))
    for i in range(len(words) - ECHO_WORDS + 1):
        gram = tuple(words[i : i + ECHO_WORDS])
        if gram in fixed and sum(not w.startswith("§") for w in gram) >= ECHO_OWN_WORDS:
            return (
                f"{quoted(text)} copies the prompt ({' '.join(gram)!r}); answer in your own words"
            )
    return None


def name_fault(text: str, speaker: str, partner: str) -> str | None:
    """The speaker's own name where the partner's belongs, or a transcript's "Name:" prefix."""
    if not speaker:
        return None
    names = [n for n in (speaker, partner, _first(speaker), _first(partner)) if n]
    for name in names:
        if re.match(rf"\s*{re.escape(name)}\s*:", text):
            return f"{quoted(text)} starts with {name + ':'!r} as in the transcript; give the words"
    own, other = _first(speaker), _first(partner)
    if own == other:
        return None
    greeting = re.compile(rf"\b(?:{_GREETINGS})\W+{re.escape(own)}\b", re.I)
    vocative = re.compile(rf",\s*{re.escape(own)}\s*\?")
    if greeting.search(text) or vocative.search(text):
        return f"{quoted(text)}: {speaker} addresses themself; speak to {partner}"
    return None


def repeat_fault(text: str, said: Sequence[tuple[str, str]], speaker: str) -> str | None:
    """A line equal or nearly equal to one already said in the conversation."""
    line = " ".join(_plain(text).split())
    if not line:
        return None
    for who, earlier in said:
        before = " ".join(_plain(earlier).split())
        if not before:
            continue
        alike = line == before or SequenceMatcher(None, line, before).ratio() >= REPEAT_RATIO
        contained = len(before.split()) >= 6 and before in line
        long_enough = who == speaker or len(line.split()) >= REPEAT_MIN_WORDS
        if (alike or contained) and long_enough:
            return f"{quoted(text)} repeats what {who} already said; say something new"
    return None


def is_short_emoji(text: str) -> bool:
    """Whether a text is one to three emoji and nothing else (spaces aside)."""
    count, joined = 0, False
    chars = [c for c in text if not c.isspace()]
    for i, char in enumerate(chars):
        point = ord(char)
        if point in (0xFE0F, 0xFE0E, 0x20E3) or 0x1F3FB <= point <= 0x1F3FF:
            continue  # variation selectors, keycap, skin tones: part of the emoji before
        if 0xE0020 <= point <= 0xE007F:
            continue  # tag characters of subdivision flags
        if point == 0x200D:
            joined = True
            continue
        if 0x1F1E6 <= point <= 0x1F1FF and i > 0 and 0x1F1E6 <= ord(chars[i - 1]) <= 0x1F1FF:
            continue  # second half of a flag
        if unicodedata.category(char) != "So" and not 0x1F000 <= point <= 0x1FAFF:
            return False
        if not joined:
            count += 1
        joined = False
    return 1 <= count <= MAX_EMOJI


def quoted(text: str, limit: int = 80) -> str:
    """A short quotation of an answer's text for a reason."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9/ ]+", " ", text.lower()).replace("/", " ")


def _first(name: str) -> str:
    return name.split()[0] if name.split() else ""


def _with_markers(text: str, values: Mapping[str, str]) -> str:
    """Filled-in values written as their markers, as in the prompt's fixed text."""
    usable = [
        (name, value.lower().strip())
        for name, value in values.items()
        if "\n" not in value and len(value.strip()) >= 3 and any(c.isalpha() for c in value)
    ]
    for name, value in sorted(usable, key=lambda item: -len(item[1])):
        text = text.replace(value, f" §{name}§ ")
    return text


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _ngrams(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + ECHO_WORDS]) for i in range(len(words) - ECHO_WORDS + 1)}
