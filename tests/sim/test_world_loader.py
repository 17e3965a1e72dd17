"""Loading worlds: the tiny world, and personas files rejected with the persona and field named."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from agents.contract import resolve_address
from sim.errors import WorldError
from sim.world_loader import installed_worlds_dir, load_world

WORLDS = installed_worlds_dir()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A private copy of the tiny world (and the tileset its map points to)."""
    shutil.copytree(
        WORLDS / "tiny", tmp_path / "tiny", ignore=shutil.ignore_patterns("*.py", "__*")
    )
    shutil.copytree(WORLDS / "tileset", tmp_path / "tileset")
    return tmp_path / "tiny"


def edit_personas(root: Path, change: Callable[[list[dict]], None]) -> Path:
    path = root / "personas.yaml"
    personas = yaml.safe_load(path.read_text())
    change(personas)
    path.write_text(yaml.safe_dump(personas, sort_keys=False, allow_unicode=True))
    return path


def persona(personas: list[dict], name: str) -> dict:
    return next(p for p in personas if p["name"] == name)


def rejected(root: Path) -> str:
    with pytest.raises(WorldError) as caught:
        load_world(root)
    message = str(caught.value)
    assert str(root / "personas.yaml") in message, message
    return message


def test_tiny_world_loads_by_name():
    world = load_world("tiny")
    assert world.name == "tiny" and world.root == WORLDS / "tiny"
    assert (world.map.width, world.map.height) == (24, 16)
    assert [p.name for p in world.personas] == ["Ines Calloway", "Lena Hale", "Owen Hale"]
    assert world.scenario_names == ["baseline"]


def test_tiny_world_has_two_homes_a_cafe_and_a_park_with_the_promised_rooms():
    world_map = load_world("tiny").map
    kinds = sorted(a.kind for a in world_map.areas.values())
    assert kinds == ["cafe", "home", "home", "park"]
    for home in ("Alder House", "Birch House"):
        assert {f"{home}:bedroom", f"{home}:kitchen"} <= set(world_map.rooms)
        assert f"{home}:bedroom:bed" in world_map.objects
    assert "Copper Kettle:dining room:counter" in world_map.objects


def test_the_map_resolves_an_address_as_the_minds_do():
    world_map = load_world("tiny").map
    asked = [
        "copper kettle : Dining Room : COUNTER",
        "Copper Kettle:dining room (counter, table)",
        "Alder House:kitchen:toaster",
        "Nowhere",
    ]
    resolved = [world_map.resolve(a) for a in asked]
    assert resolved == [resolve_address(a, world_map.addresses()) for a in asked]
    assert resolved == [
        "Copper Kettle:dining room:counter",
        "Copper Kettle:dining room",
        "Alder House:kitchen",
        None,
    ]


def test_personas_start_at_their_spawn_points_inside_their_homes():
    world = load_world("tiny")
    for p in world.personas:
        place = world.map.place_at(world.spawn_tile(p))
        assert place.startswith(p.home), (p.name, place)


def test_a_world_loads_from_a_path_and_from_its_map_file(tiny):
    assert load_world(tiny).root == tiny
    assert load_world(tiny / "map.tmj").map.width == 24


def test_unknown_world_name_lists_the_installed_ones():
    with pytest.raises(WorldError, match="installed worlds: .*tiny"):
        load_world("atlantis")


def test_unknown_field_names_persona_field_and_line(tiny):
    path = tiny / "personas.yaml"
    lines = path.read_text().splitlines()
    at = lines.index("  age: 33")  # Lena's
    lines.insert(at + 1, "  favourite_colour: teal")
    path.write_text("\n".join(lines) + "\n")
    message = rejected(tiny)
    assert f"personas.yaml:{at + 2}:" in message
    assert 'persona "Lena Hale": field "favourite_colour": unknown field' in message


def test_missing_field_is_named(tiny):
    edit_personas(tiny, lambda ps: persona(ps, "Owen Hale").pop("age"))
    assert 'persona "Owen Hale": field "age": missing' in rejected(tiny)


def test_wrong_type_is_named(tiny):
    edit_personas(tiny, lambda ps: persona(ps, "Owen Hale").update(age="thirty-six"))
    message = rejected(tiny)
    assert 'persona "Owen Hale": field "age"' in message and "thirty-six" in message


def test_duplicate_persona_names_are_rejected(tiny):
    edit_personas(tiny, lambda ps: persona(ps, "Owen Hale").update(name="Lena Hale"))
    assert 'persona "Lena Hale": field "name": a second persona named "Lena Hale"' in rejected(tiny)


def test_home_not_on_the_map_lists_known_homes(tiny):
    edit_personas(tiny, lambda ps: persona(ps, "Owen Hale").update(home="Willow Cottage"))
    assert (
        'persona "Owen Hale": field "home": location "Willow Cottage" is not on the map '
        "(known homes: Alder House, Birch House)"
    ) in rejected(tiny)


def test_workplace_not_on_the_map_is_rejected(tiny):
    edit_personas(tiny, lambda ps: persona(ps, "Ines Calloway").update(workplace="Tea Room"))
    message = rejected(tiny)
    assert 'persona "Ines Calloway": field "workplace": location "Tea Room"' in message
    assert "Copper Kettle" in message


def test_spawn_not_on_the_map_is_rejected(tiny):
    edit_personas(tiny, lambda ps: persona(ps, "Owen Hale").update(spawn="the moon"))
    message = rejected(tiny)
    assert 'persona "Owen Hale": field "spawn": no spawn point "the moon"' in message


def test_relationship_with_an_unknown_persona_is_rejected(tiny):
    def befriend_stranger(ps):
        persona(ps, "Lena Hale")["relationships"]["Ada Byrne"] = "old school friend"

    edit_personas(tiny, befriend_stranger)
    message = rejected(tiny)
    assert 'persona "Lena Hale": field "relationships": "Ada Byrne" is not a persona' in message


def test_yaml_syntax_error_names_the_line(tiny):
    path = tiny / "personas.yaml"
    path.write_text("- name: Ines Calloway\n  age: [44\n  innate: x\n")
    message = rejected(tiny)
    assert "not valid YAML" in message and "personas.yaml:" in message


def test_personas_file_must_be_a_list(tiny):
    (tiny / "personas.yaml").write_text("name: Ines Calloway\n")
    assert "expected a YAML list of personas" in rejected(tiny)


def test_every_problem_is_reported_at_once(tiny):
    def break_two(ps):
        persona(ps, "Owen Hale").update(home="Nowhere")
        persona(ps, "Lena Hale").pop("innate")

    edit_personas(tiny, break_two)
    message = rejected(tiny)
    assert '"Owen Hale": field "home"' in message and '"Lena Hale": field "innate"' in message


def test_committed_tiny_map_is_what_its_build_script_writes():
    from worlds.tiny.build import MAP_PATH, build

    assert build().to_json(MAP_PATH) == json.loads(MAP_PATH.read_text())
