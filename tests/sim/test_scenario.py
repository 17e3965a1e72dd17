"""Scenarios: the tiny world's baseline, and malformed scenario files rejected by field."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
import yaml

from sim.errors import WorldError
from sim.scenario import load_scenario
from sim.world_loader import World, installed_worlds_dir, load_world

WORLDS = installed_worlds_dir()

GOOD = {
    "description": "A quiet morning.",
    "start": "2024-03-05T07:00:00",
    "hours": 2,
    "agents": ["Lena Hale", "Ines Calloway"],
    "memories": [
        {"agent": "Lena Hale", "text": "I want to show Ines my sketches."},
        {"agent": "Ines Calloway", "text": "The oven is broken.", "at": "2024-03-05T08:00:00"},
    ],
    "measures": {
        "fact": "The café oven is broken",
        "fact_keywords": ["oven"],
        "event": {
            "place": "Copper Kettle",
            "start": "2024-03-05T08:00:00",
            "end": "2024-03-05T09:00:00",
        },
        "host": "Ines Calloway",
    },
}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    root = tmp_path_factory.mktemp("worlds")
    shutil.copytree(WORLDS / "tiny", root / "tiny", ignore=shutil.ignore_patterns("*.py", "__*"))
    shutil.copytree(WORLDS / "tileset", root / "tileset")
    return load_world(root / "tiny")


def write_scenario(world: World, data: dict | str, name: str = "trial") -> str:
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    (world.root / "scenarios" / f"{name}.yaml").write_text(text)
    return name


def changed(**fields) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    for key, value in fields.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


def rejected(world: World, data: dict | str) -> str:
    name = write_scenario(world, data)
    with pytest.raises(WorldError) as caught:
        load_scenario(world, name)
    message = str(caught.value)
    assert str(world.root / "scenarios" / f"{name}.yaml") in message, message
    return message


def test_tiny_baseline_starts_at_seven_with_seeded_memories():
    world = load_world("tiny")
    baseline = load_scenario(world, "baseline")
    assert baseline.start == datetime(2024, 3, 5, 7, 0)
    assert baseline.cast(world) == ["Ines Calloway", "Lena Hale", "Owen Hale"]
    lena = baseline.memories_for("Lena Hale")
    assert len(lena) == 1 and "sketches" in lena[0].text and lena[0].at is None
    assert baseline.measures.event.place == "Copper Kettle"


def test_good_scenario_gives_cast_timed_memories_and_measures(world):
    scenario = load_scenario(world, write_scenario(world, GOOD))
    assert scenario.cast(world) == ["Ines Calloway", "Lena Hale"]
    (oven,) = scenario.memories_for("Ines Calloway")
    assert oven.at == datetime(2024, 3, 5, 8, 0)
    assert scenario.measures.fact_keywords == ["oven"]


def test_unknown_scenario_lists_the_known_ones(world):
    with pytest.raises(WorldError, match=r'no scenario named "gala" \(scenarios: baseline'):
        load_scenario(world, "gala")


@pytest.mark.parametrize("field", ["description", "start"])
def test_missing_field_is_named(world, field):
    assert f'field "{field}": missing' in rejected(world, changed(**{field: None}))


def test_unknown_field_is_named_with_its_line(world):
    text = yaml.safe_dump(GOOD, sort_keys=False) + "weather: rainy\n"
    line = len(text.splitlines())
    assert f'trial.yaml:{line}: field "weather": unknown field' in rejected(world, text)


def test_start_that_is_not_a_date_is_rejected(world):
    assert 'field "start"' in rejected(world, changed(start="early"))


def test_unknown_agent_in_cast_is_rejected(world):
    message = rejected(world, changed(agents=["Lena Hale", "Zed Quarry"]))
    assert 'field "agents.1": "Zed Quarry" is not a persona' in message


def test_memory_for_an_unknown_agent_is_rejected(world):
    memories = [{"agent": "Zed Quarry", "text": "hello"}]
    message = rejected(world, changed(memories=memories))
    assert 'field "memories.0.agent": "Zed Quarry" is not a persona' in message


def test_memory_for_an_agent_left_out_of_the_cast_is_rejected(world):
    memories = [{"agent": "Owen Hale", "text": "bench by Saturday"}]
    assert "not in this scenario's agents" in rejected(world, changed(memories=memories))


def test_memory_before_the_start_is_rejected(world):
    memories = [{"agent": "Lena Hale", "text": "x", "at": "2024-03-04T07:00:00"}]
    assert 'field "memories.0.at"' in rejected(world, changed(memories=memories))


def test_importance_out_of_range_is_rejected(world):
    memories = [{"agent": "Lena Hale", "text": "x", "importance": 11}]
    assert 'field "memories.0.importance"' in rejected(world, changed(memories=memories))


def test_event_place_not_on_the_map_is_rejected(world):
    data = changed()
    data["measures"]["event"]["place"] = "Town Hall"
    message = rejected(world, data)
    assert 'field "measures.event.place": "Town Hall" is not on the map' in message


def test_event_ending_before_it_starts_is_rejected(world):
    data = changed()
    data["measures"]["event"]["end"] = "2024-03-05T07:30:00"
    assert 'field "measures.event"' in rejected(world, data)


def test_unknown_host_is_rejected(world):
    data = changed()
    data["measures"]["host"] = "Zed Quarry"
    assert 'field "measures.host": "Zed Quarry" is not a persona' in rejected(world, data)


def test_yaml_syntax_error_names_the_line(world):
    assert "trial.yaml:2:" in rejected(world, "description: x\nstart: a: b\n")
