"""Rating how poignant memories are, all the new ones of a moment in one call."""

from __future__ import annotations

import random
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, Field

from agents.llm.task import Task

Score = Annotated[int, Field(ge=1, le=10)]

# Words that make a memory matter more or less, for the scripted rule.
_MUNDANE = ("idle", "sleeping", "brushing", "walking", "eating", "bed", "is used", "resting")
_NOTABLE = (
    "talk",
    "conversation",
    "said",
    "told",
    "party",
    "election",
    "news",
    "love",
    "friend",
    "argument",
    "festival",
    "exhibition",
    "plans",
    "invite",
    "new",
)
_MOMENTOUS = ("died", "fire", "wedding", "breakup", "fired", "hired", "married", "accident")


class ImportanceRatings(BaseModel):
    """One score per memory, in the order given: 1 is mundane, 10 is life-changing."""

    scores: list[Score]


class RateImportance(Task[ImportanceRatings]):
    """How poignant each new memory is for the agent, 1 (mundane) to 10 (momentous)."""

    name: ClassVar[str] = "rate_importance"
    template: ClassVar[str] = "rate_importance.txt"
    max_tokens: ClassVar[int] = 96

    agent: str
    identity: str
    memories: tuple[str, ...] = Field(min_length=1)

    def variables(self) -> dict[str, str]:
        values = super().variables()
        values["memories"] = "\n".join(f"{i}. {m}" for i, m in enumerate(self.memories, 1))
        values["count"] = str(len(self.memories))
        return values

    def output_schema(self) -> dict[str, Any]:
        # One score per memory: endpoints that constrain output give exactly that many.
        schema = super().output_schema()
        count = len(self.memories)
        scores = {**schema["properties"]["scores"], "minItems": count, "maxItems": count}
        schema["properties"] = {**schema["properties"], "scores": scores}
        return schema

    def fallback(self) -> ImportanceRatings:
        return ImportanceRatings(scores=[3] * len(self.memories))

    def scripted(self, rng: random.Random) -> ImportanceRatings:
        return ImportanceRatings(scores=[scripted_score(m, rng) for m in self.memories])


def scripted_score(memory: str, rng: random.Random) -> int:
    """A keyword guess at poignancy, with a little jitter."""
    text = memory.lower()
    if any(w in text for w in _MOMENTOUS):
        base = 8
    elif any(w in text for w in _NOTABLE):
        base = 5
    elif any(w in text for w in _MUNDANE):
        base = 1
    else:
        base = 3
    return max(1, min(10, base + rng.choice((0, 0, 1))))
