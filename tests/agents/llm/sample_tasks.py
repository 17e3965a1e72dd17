"""Small tasks defined for the language-model layer's own tests (templates beside them)."""

from __future__ import annotations

import random
from pathlib import Path

from pydantic import BaseModel, Field

from agents.llm.task import Task

PROMPTS = Path(__file__).resolve().parent / "prompts"


class Mood(BaseModel):
    score: int = Field(ge=1, le=10)
    reason: str = Field(max_length=200)


class RateMood(Task[Mood]):
    """How cheerful a diary line is, 1 to 10."""

    name = "rate_mood"
    template = "rate_mood.txt"
    prompts_dir = PROMPTS
    max_tokens = 60

    line: str

    def fallback(self) -> Mood:
        return Mood(score=5, reason="no rating")

    def scripted(self, rng: random.Random) -> Mood:
        return Mood(score=rng.randint(1, 10), reason="scripted")


class Errand(BaseModel):
    place: str
    minutes: int = Field(ge=1, le=240)


class Errands(BaseModel):
    errands: list[Errand] = Field(min_length=1, max_length=6)


class PlanErrands(Task[Errands]):
    """A short ordered list of errands, each with a place and duration."""

    name = "plan_errands"
    template = "plan_errands.txt"
    prompts_dir = PROMPTS
    max_tokens = 160

    person: str
    needs: list[str]

    def variables(self) -> dict[str, str]:
        return {"name": self.person, "needs": ", ".join(self.needs)}

    def fallback(self) -> Errands:
        return Errands(errands=[Errand(place=need, minutes=30) for need in self.needs[:6]])

    def scripted(self, rng: random.Random) -> Errands:
        order = list(self.needs[:6])
        rng.shuffle(order)
        return Errands(errands=[Errand(place=n, minutes=rng.randint(10, 60)) for n in order])


class Broken(Task[Mood]):
    """A task whose template names a variable it does not provide: a programming error."""

    name = "broken"
    template = "broken.txt"
    prompts_dir = PROMPTS

    def fallback(self) -> Mood:
        return Mood(score=5, reason="no rating")
