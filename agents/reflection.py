"""Reflection: when enough has happened, step back and draw conclusions with their evidence.

The trigger is a pure rule on the importance summed since the last
reflection; `reflect` asks for questions about recent memories, retrieves for
each, and asks for insights per question, concurrently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from agents.llm.protocol import LanguageModel
from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.spec import MindConfig
from agents.tasks.reflection import InferInsights, ReflectionQuestions

Recall = Callable[[str], Awaitable[list[MemoryNode]]]


class InsightDraft(BaseModel):
    """A conclusion to be stored as a reflection, with the ids of the memories it rests on."""

    model_config = ConfigDict(frozen=True)

    text: str
    evidence: tuple[int, ...]


def due(importance_since_last: int, config: MindConfig) -> bool:
    """Whether the importance summed since the last reflection has reached the threshold."""
    return importance_since_last >= config.reflection_threshold


async def reflect(
    llm: LanguageModel,
    stream: MemoryStream,
    agent: str,
    recall: Recall,
    config: MindConfig,
) -> list[InsightDraft]:
    """Questions from recent memories, then insights per question; evidence as memory ids."""
    recent = stream.recent(config.reflection_recent)
    if not recent:
        return []
    asked = await llm.run(
        ReflectionQuestions(
            agent=agent,
            memories=tuple(n.text for n in recent),
            count=config.reflection_questions,
        ),
        agent=agent,
    )
    questions = asked.questions[: config.reflection_questions]

    async def answer(question: str) -> list[InsightDraft]:
        nodes = await recall(question)
        if not nodes:
            return []
        found = await llm.run(
            InferInsights(
                agent=agent,
                question=question,
                statements=tuple(n.text for n in nodes),
                count=config.reflection_insights,
            ),
            agent=agent,
        )
        drafts = []
        for insight in found.insights[: config.reflection_insights]:
            # Statement numbers are 1-based positions in the list the model saw.
            ids = tuple(
                dict.fromkeys(nodes[i - 1].id for i in insight.evidence if 1 <= i <= len(nodes))
            )
            drafts.append(InsightDraft(text=insight.text.strip(), evidence=ids))
        return drafts

    per_question = await asyncio.gather(*(answer(q) for q in questions))
    seen: set[str] = set()
    out = []
    for drafts in per_question:
        for draft in drafts:
            if draft.text and draft.text not in seen:
                seen.add(draft.text)
                out.append(draft)
    return out


def reflection_kinds() -> tuple[MemoryKind, ...]:
    """Memories that count towards the next reflection (reflections themselves do not)."""
    return (MemoryKind.OBSERVATION, MemoryKind.THOUGHT, MemoryKind.PLAN, MemoryKind.CHAT)


def last_reflection_time(stream: MemoryStream) -> datetime | None:
    found = stream.recent(1, kinds=(MemoryKind.REFLECTION,))
    return found[0].created if found else None
