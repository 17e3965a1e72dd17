"""The town's people as the engine builds them: what they know and remember at the start."""

import json

from sim.population import known_places, persona_memories
from sim.world_loader import load_world


def test_persona_memories_come_with_their_importance_so_no_call_rates_them(
    generative_tiny_run,
):
    world = load_world("tiny")
    lena = next(p for p in world.personas if p.name == "Lena Hale")
    seeded = persona_memories(lena)
    assert seeded and all(m.importance is not None for m in seeded)
    calls = [json.loads(line) for line in (generative_tiny_run / "llm_calls.jsonl").open()]
    rated = " ".join(c["messages"][-1]["content"] for c in calls if c["task"] == "rate_importance")
    assert rated and not any(m.text in rated for m in seeded)


def test_a_persona_knows_its_home_its_work_and_the_public_places_but_not_other_homes():
    world = load_world("tiny")
    ines = next(p for p in world.personas if p.name == "Ines Calloway")
    known = known_places(world.map, ines)
    areas = {a.split(":")[0] for a in known}
    assert {"Birch House", "Copper Kettle", "Millpond Green"} <= areas
    assert "Alder House" not in areas
    assert "Copper Kettle:dining room:counter" in known
