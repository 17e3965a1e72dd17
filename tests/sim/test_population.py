"""The town's people as the engine builds them: what they know and remember at the start."""

import json

import pytest

from agents.spec import MindConfig
from sim import Simulation
from sim.config import ConfigError, resolve_config
from sim.population import build_specs, known_places, persona_memories
from sim.scenario import load_scenario
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


def test_the_engine_and_every_mind_take_the_conversation_cap_from_one_setting(tmp_path):
    assert "max_conversation_turns" not in MindConfig.model_fields
    with Simulation.from_world(
        "tiny",
        backend="scripted",
        executor="inline",
        max_conversation_turns=5,
        out=tmp_path,
        run_id="cap",
    ) as sim:
        assert sim.rules.max_conversation_turns == 5
        specs = build_specs(sim.world, sim.scenario, sim.config)
    assert specs and {s.max_conversation_turns for s in specs} == {5}


def test_a_conversation_cap_under_mind_is_read_as_the_runs():
    config = resolve_config(None, {"mind": {"max_conversation_turns": 6}})
    assert config.max_conversation_turns == 6
    world = load_world("tiny")
    specs = build_specs(world, load_scenario(world, "baseline"), config)
    assert {s.max_conversation_turns for s in specs} == {6}
    with pytest.raises(ConfigError, match="mind.max_conversation_turns differs"):
        resolve_config(None, {"max_conversation_turns": 4, "mind": {"max_conversation_turns": 6}})
