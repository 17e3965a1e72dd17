"""The town's people as the engine builds them: what they know and remember at the start."""

import json

import pytest

from agents.spec import MindConfig
from sim import Simulation
from sim.config import ConfigError, resolve_config
from sim.population import build_specs, known_places, persona_memories
from sim.scenario import load_scenario
from sim.world_loader import load_world
from tests.support.runs import GENERATIVE, tiny_run


def test_persona_memories_come_with_their_importance_so_no_call_rates_them(tmp_path):
    world = load_world("tiny")
    lena = next(p for p in world.personas if p.name == "Lena Hale")
    seeded = persona_memories(lena)
    assert seeded and all(m.importance is not None for m in seeded)
    # Three game hours: long enough for the sights of the day to need rating calls.
    run = tiny_run(tmp_path, "minds", **{**GENERATIVE, "ticks": 3 * 360})
    calls = [json.loads(line) for line in (run / "llm_calls.jsonl").open()]
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


@pytest.mark.parametrize("world_name", ["tiny", "oakhollow"])
def test_seeded_memories_of_the_shipped_worlds_read_as_sentences(world_name):
    import re

    doubled = re.compile(r"\w's (?:her|his|their|my|our)\b")
    # After "is" comes an article, someone's ("Odette's"), an -ing verb or "busy":
    # never a bare noun or verb ("is runs the pub", "is breakfast").
    after_is = re.compile(r"^(?:a|an|the|[A-Z]\w*'s|\w+ing|busy)$")
    world = load_world(world_name)
    for persona in world.personas:
        for memory in persona_memories(persona):
            text = memory.text
            assert not doubled.search(text), text
            first_clause = text.split(";")[0].split(":")[0]
            words = first_clause.split()
            for i, word in enumerate(words[:-1]):
                if word == "is" and i <= 3:  # the sentence's own verb, after the name
                    assert after_is.match(words[i + 1]), text
                    break


def test_a_relationship_memory_names_whose_relation_it_is():
    from agents.persona import Persona

    winnie = Persona(
        name="Odette Fairweather",
        age=40,
        innate="warm",
        learned="runs the café",
        home="Rose Cottage",
        relationships={
            "Winnie Ashgrove": "her mother",
            "Rafael Quintero": "runs the pub; her quiz rival",
            "Agnes Pell": "the florist",
            "Maeve Donnelly": "barista",
        },
    )
    texts = [m.text for m in persona_memories(winnie)]
    assert texts == [
        "Winnie Ashgrove is Odette's mother",
        "Rafael Quintero runs the pub; her quiz rival",
        "Agnes Pell is the florist",
        "Maeve Donnelly is Odette's barista",
    ]
