"""What a host needs to build one agent: its persona, what it knows, how it thinks."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.persona import Persona


class MindConfig(BaseModel):
    """Tunable constants of the generative agent; defaults are the paper's."""

    model_config = ConfigDict(extra="forbid")

    recency_decay: float = Field(0.995, gt=0, le=1, description="per game hour")
    weight_recency: float = Field(1.0, ge=0)
    weight_importance: float = Field(1.0, ge=0)
    weight_relevance: float = Field(1.0, ge=0)
    retrieve_top_k: int = Field(10, ge=1)
    reflection_threshold: int = Field(150, ge=1)
    reflection_questions: int = Field(3, ge=1)
    reflection_recent: int = Field(100, ge=1)
    reflection_insights: int = Field(5, ge=1)
    day_plan: Literal["model", "routine"] | None = Field(
        None,
        description="where the day's plan comes from: the model (the paper), or the persona's "
        "routine with no call; a run resolves None to 'routine' on the embedded model",
    )
    reaction_questions: Literal["in-turn", "at-once"] | None = Field(
        None,
        description="'talk to them?' and 'react or carry on?': asked in turn (the paper: the "
        "second only when the answer to the first is no), or at once, one model round-trip "
        "fewer when it is no and one call more when it is yes; a run resolves None to "
        "'at-once' against an endpoint",
    )


class SeededMemory(BaseModel):
    """A memory an agent starts with, or receives at a game time ("inner voice")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    at: datetime | None = None
    importance: int | None = Field(None, ge=1, le=10)


class AgentSpec(BaseModel):
    """Everything needed to build an agent inside a host process."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    persona: Persona
    kind: Literal["generative", "rule-based"] = "generative"
    seed: int = 0
    places: tuple[str, ...] = ()  # every address of the town
    known_places: tuple[str, ...] = ()  # addresses the agent knows at the start
    memories: tuple[SeededMemory, ...] = ()
    mind: MindConfig = MindConfig()
    max_conversation_turns: int = Field(
        ge=2, description="the run's cap: the engine ends a conversation at this many lines"
    )
    background_thinking: bool = Field(
        False,
        description="the run's choice: what a decision does not need runs beside the next "
        "decisions and lands at the agent's next one (off for an agent driven alone)",
    )
