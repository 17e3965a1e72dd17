"""Reflection tasks: the salient questions about recent memories, and insights that answer them."""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import ClassVar

from pydantic import BaseModel, Field

from agents.llm.degenerate import AnswerShape
from agents.llm.task import Task

_NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")


class Questions(BaseModel):
    """The most salient high-level questions one can answer about the memories."""

    questions: list[str] = Field(min_length=1, max_length=10)


class ReflectionQuestions(Task[Questions]):
    """Given recent memories, what are the most salient questions to reflect on?"""

    name: ClassVar[str] = "reflection_questions"
    template: ClassVar[str] = "reflection_questions.txt"
    max_tokens: ClassVar[int] = 200
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("questions",))

    agent: str
    memories: tuple[str, ...] = Field(min_length=1)
    count: int = Field(3, ge=1, le=10)

    def fallback(self) -> Questions:
        return Questions(questions=[f"What has {self.agent} been doing lately?"])

    def scripted(self, rng: random.Random) -> Questions:
        names = Counter(n for m in self.memories for n in _NAME.findall(m) if n != self.agent)
        questions = [
            f"What is {self.agent}'s relationship with {n}?" for n, _ in names.most_common()
        ]
        questions += [
            f"What matters most to {self.agent} these days?",
            f"What has {self.agent} been spending time on?",
            f"How does {self.agent} feel about the people around them?",
        ]
        return Questions(questions=questions[: self.count])


class Insight(BaseModel):
    """A high-level statement and the numbers of the statements it rests on."""

    text: str = Field(min_length=1, max_length=300)
    evidence: list[int] = Field(default_factory=list, max_length=20)


class Insights(BaseModel):
    insights: list[Insight] = Field(min_length=1, max_length=10)


class InferInsights(Task[Insights]):
    """What high-level insights follow from these numbered statements (with which as evidence)?"""

    name: ClassVar[str] = "infer_insights"
    template: ClassVar[str] = "infer_insights.txt"
    max_tokens: ClassVar[int] = 400
    answer_shape: ClassVar[AnswerShape] = AnswerShape(prose=("insights.text",))

    agent: str
    question: str
    statements: tuple[str, ...] = Field(min_length=1)
    count: int = Field(5, ge=1, le=10)

    def variables(self) -> dict[str, str]:
        values = super().variables()
        values["statements"] = "\n".join(f"{i}. {s}" for i, s in enumerate(self.statements, 1))
        return values

    def fallback(self) -> Insights:
        return Insights(insights=[Insight(text=f"{self.agent} keeps busy with daily life.")])

    def scripted(self, rng: random.Random) -> Insights:
        by_name: dict[str, list[int]] = {}
        for i, statement in enumerate(self.statements, 1):
            for name in set(_NAME.findall(statement)) - {self.agent}:
                by_name.setdefault(name, []).append(i)
        insights = [
            Insight(text=f"{self.agent} often comes across {name}.", evidence=ids[:5])
            for name, ids in sorted(by_name.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]
        numbers = range(1, len(self.statements) + 1)
        picked = sorted(rng.sample(numbers, min(3, len(self.statements))))
        first = self.statements[picked[0] - 1].rstrip(".")
        insights.append(
            Insight(
                text=f"{self.agent} has lately been taken up with this: {first[:200]}.",
                evidence=picked,
            )
        )
        return Insights(insights=insights[: self.count])
