"""Oakhollow, the 25-person town: it loads, every place is walkable, its people and scenarios hold.

Malformed copies of the town's own files are built in tmp_path from the real
ones, so the errors are checked on the data users will actually edit.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from sim.check_world import check_world
from sim.errors import WorldError
from sim.pathfinding import reachable_from
from sim.scenario import load_scenario
from sim.world_loader import World, installed_worlds_dir, load_world

WORLDS = installed_worlds_dir()
TOWN = WORLDS / "oakhollow"
ROUTINE_LINE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d \S.*")


@pytest.fixture(scope="module")
def town() -> World:
    return load_world("oakhollow")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the town's data (map, personas, scenarios) beside the shared tileset."""
    shutil.copytree(
        TOWN, tmp_path / "oakhollow", ignore=shutil.ignore_patterns("*.py", "__*", "*.png")
    )
    shutil.copytree(WORLDS / "tileset", tmp_path / "tileset")
    return tmp_path / "oakhollow"


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of `old` in a file, failing loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the map -------------------------------------------------------------------------------


def test_check_world_passes_with_every_place_reachable_from_every_spawn():
    report = check_world("oakhollow")
    assert report.ok, report.render()
    assert report.unreachable == []
    assert len(report.spawns) >= 25
    assert "every area, room and object reachable from every spawn" in report.render()


def test_town_has_the_places_a_day_needs(town: World):
    kinds = {area.kind for area in town.map.areas.values()}
    assert {
        "home",
        "cafe",
        "bar",
        "school",
        "grocery",
        "pharmacy",
        "park",
        "town hall",
        "library",
        "shops",
    } <= kinds
    assert 10 <= len(town.map.areas) <= 16
    assert town.map.width * town.map.height >= 90 * 90
    for tile_name in ("bed", "desk", "stove", "counter", "table", "shelf", "bar", "register"):
        assert any(tile_name in address for address in town.map.objects), tile_name


def test_every_home_and_workplace_is_walkable_from_every_persona_spawn(town: World):
    m = town.map
    targets = {p.home for p in town.personas} | {p.workplace for p in town.personas if p.workplace}
    for persona in town.personas:
        reach = reachable_from(m, town.spawn_tile(persona))
        for address in targets:
            tiles = m.target_tiles(address)
            assert any(reach[y, x] for x, y in tiles), f"{persona.name} cannot reach {address}"


# --- the people ----------------------------------------------------------------------------


def test_twenty_five_people_each_wake_in_their_own_home(town: World):
    assert len(town.personas) == 25
    assert len({p.name for p in town.personas}) == 25
    for persona in town.personas:
        assert persona.name in town.map.spawns, f"no spawn point named {persona.name}"
        where = town.map.place_at(town.spawn_tile(persona))
        assert where.startswith(persona.home.split(":")[0]), (persona.name, where)
        if ":" in persona.home:
            assert where == persona.home


def test_homes_hold_families_housemates_and_singles(town: World):
    households: dict[str, list[str]] = {}
    for persona in town.personas:
        households.setdefault(persona.home.split(":")[0], []).append(persona.name)
    sizes = sorted(len(people) for people in households.values())
    assert sizes[-1] >= 4 and 1 in {
        sum(1 for p in town.personas if p.home == h) for h in {p.home for p in town.personas}
    }


def test_relationships_name_real_people_on_both_sides(town: World):
    names = {p.name for p in town.personas}
    for persona in town.personas:
        assert persona.relationships, f"{persona.name} knows nobody"
        for other in persona.relationships:
            assert other in names
            assert persona.name in town.persona(other).relationships, (
                f"{persona.name} names {other}, but {other} does not name {persona.name}"
            )


def test_every_persona_has_a_full_identity_and_a_timed_routine(town: World):
    areas = set(town.map.areas)
    for persona in town.personas:
        for field in ("innate", "learned", "currently", "lifestyle", "occupation"):
            assert getattr(persona, field).strip(), f"{persona.name}: {field} is empty"
        assert len(persona.daily_routine) >= 5, persona.name
        for line in persona.daily_routine:
            assert ROUTINE_LINE.match(line), f"{persona.name}: routine line {line!r}"
        said = " ".join(persona.daily_routine)
        assert any(area in said for area in areas), f"{persona.name}'s routine names no place"


def test_occupations_are_spread_over_the_town(town: World):
    workplaces = {p.workplace.split(":")[0] for p in town.personas if p.workplace}
    public = {a.name for a in town.map.areas.values() if a.kind not in ("home", "park")}
    assert public <= workplaces


# --- the scenarios -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["baseline", "party", "election"])
def test_scenario_measures_name_real_things_inside_its_run(town: World, name: str):
    scenario = load_scenario(town, name)
    assert scenario.hours is not None
    end = scenario.start + timedelta(hours=scenario.hours)
    names = {p.name for p in town.personas}
    assert scenario.memories
    for memory in scenario.memories:
        assert memory.agent in names
        assert memory.at is None or scenario.start <= memory.at <= end
    measures = scenario.measures
    if measures.event is not None:
        assert town.map.resolve(measures.event.place) == measures.event.place
        assert scenario.start <= measures.event.start < measures.event.end <= end
    for person in (measures.host, measures.candidate):
        assert person is None or person in names


def test_baseline_is_a_short_ordinary_morning(town: World):
    scenario = load_scenario(town, "baseline")
    assert scenario.start.hour == 7 and scenario.start.minute == 0
    assert scenario.hours is not None and scenario.hours <= 1


@pytest.mark.parametrize("name,role", [("party", "host"), ("election", "candidate")])
def test_seeded_news_starts_with_its_source_alone_and_is_trackable(
    town: World, name: str, role: str
):
    scenario = load_scenario(town, name)
    source = getattr(scenario.measures, role)
    fact, keywords = scenario.measures.fact, scenario.measures.fact_keywords
    assert source and fact and keywords
    assert all(k.lower() in fact.lower() for k in keywords)
    # The source speaks of itself as "I": its memory holds the keywords that are not its name.
    topic = [k.lower() for k in keywords if k.lower() not in source.lower()]
    assert any(all(k in m.text.lower() for k in topic) for m in scenario.memories_for(source))
    for memory in scenario.memories:
        if memory.agent != source:
            assert not all(k.lower() in memory.text.lower() for k in keywords), memory.agent


def test_party_falls_on_the_second_day_at_a_public_place(town: World):
    scenario = load_scenario(town, "party")
    event = scenario.measures.event
    assert event is not None
    assert event.start.date() == scenario.start.date() + timedelta(days=1)
    assert town.map.areas[event.place.split(":")[0]].kind != "home"
    others = [m for m in scenario.memories if m.agent != scenario.measures.host]
    assert not any("picnic" in m.text.lower() for m in others), "the host has told no one yet"


# --- malformed copies are rejected, naming the persona or field -----------------------------


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "  occupation: baker\n",
            "  ocupation: baker\n",
            ['persona "Tunde Adeyemi"', 'field "ocupation"', "unknown field"],
        ),
        (
            "  home: Quince Cottage\n  workplace: Market Row:bakery",
            "  home: Plum Cottage\n  workplace: Market Row:bakery",
            ['persona "Tunde Adeyemi"', 'field "home"', '"Plum Cottage" is not on the map'],
        ),
        (
            "    Ezra Kaplan: the pub's cook; they argue",
            "    Ezra Kaplin: the pub's cook; they argue",
            ['persona "Tunde Adeyemi"', 'field "relationships"', '"Ezra Kaplin"'],
        ),
        ("  age: 40\n", "  age: forty\n", ['persona "Tunde Adeyemi"', 'field "age"']),
    ],
    ids=["wrong-field", "unknown-home", "unknown-relationship", "bad-age"],
)
def test_malformed_personas_are_rejected_naming_persona_and_field(copy, old, new, expected):
    edit(copy / "personas.yaml", old, new)
    with pytest.raises(WorldError) as caught:
        load_world(copy)
    message = str(caught.value)
    assert "personas.yaml:" in message
    for part in expected:
        assert part in message


def test_unknown_workplace_lists_the_real_ones(copy):
    edit(
        copy / "personas.yaml",
        "  workplace: Greenleaf Pharmacy\n",
        "  workplace: Greenleaf Chemist\n",
    )
    with pytest.raises(WorldError, match=r'field "workplace".*Greenleaf Chemist.*known workplaces'):
        load_world(copy)


@pytest.mark.parametrize(
    "scenario,old,new,expected",
    [
        (
            "party",
            "  - agent: Priya Raman\n",
            "  - agent: Priya Ramen\n",
            ['field "memories.0.agent"', '"Priya Ramen" is not a persona'],
        ),
        (
            "election",
            "candidate: Agnes Pell",
            "candidate: Agnes Bell",
            ['field "measures.candidate"', '"Agnes Bell"'],
        ),
        (
            "baseline",
            "start: 2024-05-14T07:00:00",
            "start: Tuesday at seven",
            ['field "start"', "Tuesday at seven"],
        ),
        (
            "baseline",
            "    importance: 4\n",
            "    importance: 4\n    at: 2024-05-13T18:00:00\n",
            ['field "memories.1.at"', "before the scenario's start"],
        ),
        (
            "party",
            "    end: 2024-05-18T20:00:00",
            "    end: 2024-05-18T17:00:00",
            ['field "measures.event"', "must be after start"],
        ),
        (
            "party",
            "    place: Foxglove Park:lawn",
            "    place: Foxglove Park:bandstand",
            ['field "measures.event.place"', "is not on the map"],
        ),
    ],
    ids=[
        "unknown-agent",
        "unknown-candidate",
        "bad-time",
        "memory-before-start",
        "event-ends-first",
        "unknown-place",
    ],
)
def test_malformed_scenarios_are_rejected_naming_the_field(copy, scenario, old, new, expected):
    edit(copy / "scenarios" / f"{scenario}.yaml", old, new)
    world = load_world(copy)
    with pytest.raises(WorldError) as caught:
        load_scenario(world, scenario)
    message = str(caught.value)
    assert f"{scenario}.yaml:" in message
    for part in expected:
        assert part in message
    assert not check_world(copy).ok


def test_impossible_start_hour_is_rejected_naming_the_file_and_field(copy):
    edit(
        copy / "scenarios" / "baseline.yaml",
        "start: 2024-05-14T07:00:00",
        "start: 2024-05-14T25:00:00",
    )
    world = load_world(copy)
    with pytest.raises(WorldError, match=r"baseline.yaml:\d+: field \"start\""):
        load_scenario(world, "baseline")
