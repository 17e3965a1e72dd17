"""The agent's summary description: who it is, what it does, how it feels about its life.

Made from retrieved memories, as in the paper, and cached by the caller for a
game day; it heads most prompts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from agents.llm.protocol import LanguageModel
from agents.memory import MemoryNode
from agents.persona import Persona
from agents.tasks.summary import SummariseAgent

Recall = Callable[[str], Awaitable[list[MemoryNode]]]


async def describe(llm: LanguageModel, persona: Persona, recall: Recall) -> str:
    """The summary description from three retrievals and one call."""
    name = persona.name
    queries = (
        f"{name}'s core characteristics",
        f"{name}'s current daily occupation",
        f"{name}'s feeling about their recent progress in life",
    )
    found = [tuple(n.text for n in await recall(q)) for q in queries]
    answer = await llm.run(
        SummariseAgent(
            agent=name,
            identity=persona.identity(),
            innate=persona.innate,
            occupation=persona.occupation,
            currently=persona.currently,
            core_memories=found[0],
            occupation_memories=found[1],
            progress_memories=found[2],
        ),
        agent=name,
    )
    head = f"Name: {name} (age {persona.age})\nInnate traits: {persona.innate}"
    return "\n".join((head, answer.core, answer.occupation, answer.feelings))
