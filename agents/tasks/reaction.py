"""Reacting to what the agent notices: carry on, do something else, or talk to someone."""

from __future__ import annotations

import random
from typing import ClassVar

from pydantic import BaseModel, Field, field_validator

from agents.llm.degenerate import AnswerShape
from agents.llm.task import Task
from agents.tasks.salvage import bounded

_NOT_ACTIVITIES = frozenset(
    {"talk_to", "react", "reaction", "minutes", "true", "false", "null", "none"}
)


class ReactionChoice(BaseModel):
    """Whether to react, what to do instead and for how long, and whom (if anyone) to talk to."""

    react: bool
    reaction: str = Field("", max_length=160)
    minutes: int = Field(15, ge=5, le=180)
    talk_to: str | None = Field(None, max_length=80)

    @field_validator("reaction", mode="before")
    @classmethod
    def _an_activity_or_nothing(cls, value: object) -> object:
        # Small models sometimes echo a key name or punctuation as the activity.
        if isinstance(value, str):
            text = value.strip()
            if not any(c.isalpha() for c in text) or text.lower() in _NOT_ACTIVITIES:
                return ""
        return value

    @field_validator("minutes", mode="before")
    @classmethod
    def _within_bounds(cls, value: object) -> object:
        # "3600 minutes" means "a long while": keep the answer, bound the number.
        return bounded(value, 5, 180)


class ReactOrContinue(Task[ReactionChoice]):
    """Given a new observation, should the agent change what it is doing, or start a talk?"""

    name: ClassVar[str] = "react_or_continue"
    template: ClassVar[str] = "react_or_continue.txt"
    max_tokens: ClassVar[int] = 140
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("reaction",))

    agent: str
    summary: str
    time: str
    place: str
    current_activity: str
    observation: str
    memories: tuple[str, ...] = ()
    nearby: tuple[str, ...] = ()
    acquaintances: tuple[str, ...] = ()

    def fallback(self) -> ReactionChoice:
        return ReactionChoice(react=False)

    def scripted(self, rng: random.Random) -> ReactionChoice:
        friends = [n for n in self.nearby if n in self.acquaintances]
        strangers = [n for n in self.nearby if n not in self.acquaintances]
        if friends and rng.random() < 0.6:
            return ReactionChoice(react=True, talk_to=rng.choice(friends))
        if strangers and rng.random() < 0.2:
            return ReactionChoice(react=True, talk_to=rng.choice(strangers))
        return ReactionChoice(react=False)


class TalkDecision(BaseModel):
    """Whether the agent starts a conversation with the one it noticed."""

    talk: bool


class DecideToTalk(Task[TalkDecision]):
    """Someone the agent can talk to came into view: start a conversation with them?"""

    name: ClassVar[str] = "decide_to_talk"
    template: ClassVar[str] = "decide_to_talk.txt"
    max_tokens: ClassVar[int] = 20

    agent: str
    summary: str
    time: str
    place: str
    current_activity: str
    other: str
    other_activity: str
    relationship: str
    memories: tuple[str, ...] = ()

    def fallback(self) -> TalkDecision:
        return TalkDecision(talk=False)

    def scripted(self, rng: random.Random) -> TalkDecision:
        acquainted = self.relationship != STRANGER
        return TalkDecision(talk=rng.random() < (0.6 if acquainted else 0.2))


STRANGER = "someone from town"
