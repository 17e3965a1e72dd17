"""The call budget: language-model calls per agent per game hour, from the drained call records."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from agents.llm.embeddings import HashingEmbedder
from agents.llm.scripted import ScriptedModel
from agents.memory import MemoryKind
from agents.mind import GenerativeAgent
from agents.spec import MindConfig
from tests.agents.fakes import DAY, spec
from tests.agents.town import MiniTown

# The reference implementation makes about 55 calls per agent per game hour;
# the design aims at a fifth of that or less.
REFERENCE_CALLS_PER_AGENT_HOUR = 55


def _town(seed: int, mind: MindConfig | None = None) -> list[GenerativeAgent]:
    friends = {
        "Isabella Rodriguez": {"Klaus Mueller": "a regular", "Maria Lopez": "a good friend"},
        "Klaus Mueller": {"Isabella Rodriguez": "runs my favourite cafe"},
        "Maria Lopez": {"Isabella Rodriguez": "my friend from the cafe"},
    }
    homes = {
        "Isabella Rodriguez": "Maple House",
        "Klaus Mueller": "Oak House",
        "Maria Lopez": "Oak House",
    }
    return [
        GenerativeAgent(
            spec(name, seed=seed, relationships=rel, home=homes[name], mind=mind),
            ScriptedModel(seed=seed),
            HashingEmbedder(dim=64),
        )
        for name, rel in friends.items()
    ]


def test_calls_per_agent_per_game_hour_stay_within_a_fifth_of_the_reference() -> None:
    # A lower reflection threshold than the paper's makes sure reflection's calls are counted.
    minds = _town(seed=11, mind=MindConfig(reflection_threshold=100))
    town = MiniTown(minds, DAY + timedelta(hours=7))
    hours = 12
    asyncio.run(town.run(hours))
    calls = [c for m in minds for c in m.llm.drain_calls()]
    rate = len(calls) / (len(minds) * hours)
    by_task = Counter(c.task for c in calls)
    print(
        f"\ncalls per agent per game hour: {rate:.2f} "
        f"(reference ~{REFERENCE_CALLS_PER_AGENT_HOUR}, ratio {rate / 55:.2f}); "
        f"{len(calls)} calls, {len(minds)} agents, {hours} game hours; by task: {dict(by_task)}"
    )
    assert town.utterances, "the friends never talked"
    assert any(n.kind is MemoryKind.REFLECTION for m in minds for n in m.stream.nodes)
    assert rate <= REFERENCE_CALLS_PER_AGENT_HOUR / 5


def test_a_town_day_is_the_same_for_the_same_seed() -> None:
    logs = []
    for _ in range(2):
        town = MiniTown(_town(seed=5), DAY + timedelta(hours=8))
        asyncio.run(town.run(4))
        logs.append((town.utterances, town.actions))
    assert logs[0] == logs[1]
