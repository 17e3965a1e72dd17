"""Reacting to what the agent notices: carry on, do something else, or talk to someone."""

from __future__ import annotations

import random
from typing import ClassVar

from pydantic import BaseModel, Field

from agents.llm.task import Task


class ReactionChoice(BaseModel):
    """Whether to react, what to do instead and for how long, and whom (if anyone) to talk to."""

    react: bool
    reaction: str = Field("", max_length=160)
    minutes: int = Field(15, ge=5, le=180)
    talk_to: str | None = Field(None, max_length=80)


class ReactOrContinue(Task[ReactionChoice]):
    """Given a new observation, should the agent change what it is doing, or start a talk?"""

    name: ClassVar[str] = "react_or_continue"
    template: ClassVar[str] = "react_or_continue.txt"
    max_tokens: ClassVar[int] = 140

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
