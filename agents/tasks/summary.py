"""The agent's summary description: who it is, what it does, how it feels about its life."""

from __future__ import annotations

import random
from typing import ClassVar

from pydantic import BaseModel, Field

from agents.llm.degenerate import AnswerShape
from agents.llm.task import Task


class AgentSummary(BaseModel):
    """Three short statements the agent's prompts begin with, refreshed once a game day."""

    core: str = Field(min_length=1, max_length=400)
    occupation: str = Field(min_length=1, max_length=400)
    feelings: str = Field(min_length=1, max_length=400)


class SummariseAgent(Task[AgentSummary]):
    """Sum up the agent from memory: core traits, daily occupation, feelings about progress."""

    name: ClassVar[str] = "summarise_agent"
    template: ClassVar[str] = "summarise_agent.txt"
    max_tokens: ClassVar[int] = 220
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("core", "occupation", "feelings"))

    agent: str
    identity: str
    innate: str
    occupation: str
    currently: str
    core_memories: tuple[str, ...] = ()
    occupation_memories: tuple[str, ...] = ()
    progress_memories: tuple[str, ...] = ()

    def fallback(self) -> AgentSummary:
        return AgentSummary(
            core=f"{self.agent} is {self.innate}.",
            occupation=f"{self.agent} is {self.occupation or 'going about their day'}.",
            feelings=f"{self.agent} feels steady about life.",
        )

    def scripted(self, rng: random.Random) -> AgentSummary:
        mood = rng.choice(("hopeful", "content", "a little restless", "optimistic", "busy"))
        focus = self.currently.rstrip(".") if self.currently else "their daily life"
        return AgentSummary(
            core=f"{self.agent} is {self.innate}.",
            occupation=f"{self.agent} is {self.occupation or 'a resident of the town'}.",
            feelings=f"{self.agent} feels {mood} about {focus[:1].lower() + focus[1:]}.",
        )
