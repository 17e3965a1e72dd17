"""Dialogue tasks: the next line of a conversation, and what the agent takes away from it."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import ClassVar

from pydantic import BaseModel, Field, field_validator

from agents.llm.degenerate import AnswerShape, PromptContext
from agents.llm.task import Task
from agents.phrasing import first_clause, in_first_person, progressive

# A line of dialogue is one or two short sentences; a longer answer is cut there.
LINE_SENTENCES = 2
LINE_CHARS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

_OPENERS = (
    "Hi {name}! How are you doing today?",
    "Oh, hello {name}! Good to see you.",
    "Hey {name}, do you have a minute?",
)
_MIDDLES = (
    "I have been busy with {focus}.",
    "Lately I keep thinking about {focus}.",
    "Did you hear anything new around town?",
    "That sounds lovely. Tell me more!",
    "I know what you mean. {focus} keeps me going.",
)
_CLOSERS = (
    "Anyway, I should get going. See you soon!",
    "It was nice talking. Take care!",
    "Let's catch up again later. Bye!",
)


class Line(BaseModel):
    """What the speaker says next, and whether that ends the conversation."""

    text: str = Field(min_length=1, max_length=LINE_CHARS)
    end_conversation: bool = False

    @field_validator("text", mode="before")
    @classmethod
    def _one_or_two_sentences(cls, value: object) -> object:
        return first_sentences(value) if isinstance(value, str) else value


def first_sentences(text: str, count: int = LINE_SENTENCES, limit: int = LINE_CHARS) -> str:
    """The first `count` sentences of a text on one line, at most `limit` characters."""
    flat = " ".join(text.split())
    kept = " ".join(_SENTENCE_END.split(flat)[:count])
    if len(kept) <= limit:
        return kept
    cut = kept[:limit].rsplit(" ", 1)[0] if " " in kept[:limit] else kept[:limit]
    return cut.rstrip(",;:") + "…"


class NextUtterance(Task[Line]):
    """The speaker's next line, from its memories of the listener and the dialogue so far."""

    name: ClassVar[str] = "next_utterance"
    template: ClassVar[str] = "next_utterance.txt"
    max_tokens: ClassVar[int] = 160
    answer_shape: ClassVar[AnswerShape] = AnswerShape(speech="text")

    speaker: str
    listener: str
    summary: str
    currently: str = ""
    relationship: str = ""
    memories: tuple[str, ...] = ()
    speaker_activity: str = ""
    listener_activity: str = ""
    place: str = ""
    time: str = ""
    dialogue: tuple[str, ...] = ()
    turn: int = Field(0, ge=0)

    def prompt_context(self, messages: list[dict[str, str]]) -> PromptContext:
        context = super().prompt_context(messages)
        said = tuple(
            (who, words) for who, _, words in (line.partition(": ") for line in self.dialogue)
        )
        return replace(context, said=said, speaker=self.speaker, partner=self.listener)

    def fallback(self) -> Line:
        """A polite goodbye to the listener, at this place, with what is on the speaker's mind."""
        first = self.listener.split()[0]
        area = self.place.split(":")[0].strip()
        if self.turn == 0:
            greeting = f"Hello {first}, good to see you at {area}!" if area else f"Hello {first}!"
        else:
            greeting = f"It was good to talk, {first}."
        focus = in_first_person(first_clause(self.currently)) if self.currently else ""
        if focus.split(" ", 1)[0].endswith("ing"):
            busy = f"I'm busy {focus[:1].lower()}{focus[1:]}, so I must get going"
        elif self.speaker_activity:
            busy = f"I'm in the middle of {progressive(self.speaker_activity)}, so I must go"
        else:
            busy = "I must get going"
        return Line(text=f"{greeting} {busy}, but let's talk again soon.", end_conversation=True)

    def scripted(self, rng: random.Random) -> Line:
        first = self.listener.split()[0]
        focus = (self.currently or "my work").rstrip(".")
        focus = focus[:1].lower() + focus[1:]
        if self.turn == 0:
            return Line(text=rng.choice(_OPENERS).format(name=first))
        if (self.turn >= 3 and rng.random() < 0.5) or self.turn >= 5:
            return Line(text=rng.choice(_CLOSERS), end_conversation=True)
        text = rng.choice(_MIDDLES).format(focus=focus)
        return Line(text=text[:1].upper() + text[1:])


class ConversationSummary(BaseModel):
    """One or two sentences, from the agent's point of view, of what was said."""

    summary: str = Field(min_length=1, max_length=400)


class SummariseConversation(Task[ConversationSummary]):
    """What the agent takes away from a conversation it just had."""

    name: ClassVar[str] = "summarise_conversation"
    template: ClassVar[str] = "summarise_conversation.txt"
    max_tokens: ClassVar[int] = 120
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("summary",))

    agent: str
    partner: str
    dialogue: tuple[str, ...] = Field(min_length=1)

    def fallback(self) -> ConversationSummary:
        return ConversationSummary(summary=f"{self.agent} had a conversation with {self.partner}.")

    def scripted(self, rng: random.Random) -> ConversationSummary:
        said = self.dialogue[min(1, len(self.dialogue) - 1)].split(": ", 1)[-1]
        return ConversationSummary(
            summary=f'{self.agent} talked with {self.partner}, who said: "{said[:200]}"'
        )
