"""Grounding an activity: where it happens, with which object, how it shows, in one call."""

from __future__ import annotations

import random
from typing import ClassVar

from pydantic import BaseModel, Field, field_validator

from agents.llm.degenerate import AnswerShape
from agents.llm.task import Task
from agents.spatial import match_place, outline, words
from agents.tasks.salvage import cut

_EMOJI: tuple[tuple[tuple[str, ...], str], ...] = (
    (("sleep", "sleeping", "bed", "nap"), "😴"),
    (("breakfast", "lunch", "dinner", "eat", "eating", "meal"), "🍽️"),
    (("cook", "cooking"), "🍳"),
    (("coffee", "cafe"), "☕"),
    (("read", "reading", "book", "books"), "📖"),
    (("write", "writing", "study", "studying"), "✍️"),
    (("paint", "painting", "art"), "🎨"),
    (("music", "piano", "guitar", "sing"), "🎵"),
    (("talk", "chat", "conversation", "meet"), "💬"),
    (("walk", "stroll", "park", "run", "jog"), "🚶"),
    (("shower", "bath", "wash", "brush"), "🚿"),
    (("garden", "gardening", "plants"), "🌱"),
    (("work", "working", "shift", "shop", "counter"), "💼"),
    (("party", "celebrate"), "🎉"),
)


def scripted_emoji(activity: str) -> str:
    """An emoji for an activity by its words; a thought bubble when none fits."""
    found = words(activity)
    for keys, emoji in _EMOJI:
        if found & set(keys):
            return emoji
    return "💭"


class ActionChoice(BaseModel):
    """Where an activity happens (an address the agent knows) and how it shows on the map."""

    address: str = Field(min_length=1, max_length=200)
    emoji: str = Field("", max_length=8)
    object_state: str | None = Field(None, max_length=60)

    @field_validator("emoji", mode="before")
    @classmethod
    def _an_emoji_or_none(cls, value: object) -> object:
        # A sentence where an emoji was asked for is dropped, not worth a repair.
        if isinstance(value, str) and (len(value) > 8 or any(c.isalnum() for c in value)):
            return ""
        return value

    @field_validator("object_state", mode="before")
    @classmethod
    def _short_state(cls, value: object) -> object:
        return cut(value, 60)

    @field_validator("address", mode="before")
    @classmethod
    def _short_address(cls, value: object) -> object:
        # A rambling address is resolved or matched to a known place anyway.
        return cut(value, 200)


class ChooseAction(Task[ActionChoice]):
    """Pick the place and object for an activity from the places the agent knows."""

    name: ClassVar[str] = "choose_action"
    template: ClassVar[str] = "choose_action.txt"
    max_tokens: ClassVar[int] = 120
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("object_state",), emoji="emoji")

    agent: str
    activity: str = Field(min_length=1)
    current_place: str
    home: str = Field(min_length=1)
    known_places: tuple[str, ...] = Field(min_length=1)

    def variables(self) -> dict[str, str]:
        values = super().variables()
        values["known_places"] = "\n".join(f"- {line}" for line in outline(self.known_places))
        return values

    def fallback(self) -> ActionChoice:
        """The known place whose names fit the activity (else home), and a thought bubble."""
        address = match_place(self.activity, self.known_places, self.home)
        return ActionChoice(address=address, emoji="💭")

    def scripted(self, rng: random.Random) -> ActionChoice:
        address = match_place(self.activity, self.known_places, self.home)
        state = None
        if address.count(":") == 2:
            state = "in use" if not words(self.activity) & {"sleep", "sleeping"} else "occupied"
        emoji = scripted_emoji(self.activity)
        return ActionChoice(address=address, emoji=emoji, object_state=state)
