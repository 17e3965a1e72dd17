"""Generated towns: `hamlet new-world` writes a world that checks, loads and runs, for any size.

The pure parts (households, plan, residents) are checked without disk; the
written folders are checked as a user would: `check-world`, the loader, a run.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from sim import Simulation, cli
from sim.check_world import check_world
from sim.errors import ConfigError
from sim.world_loader import World, load_world
from tests.support.runs import events_of
from worlds.generated.households import ADULT_AGE, RETIREMENT_AGE
from worlds.generated.town import FLATS_PER_BUILDING
from worlds.generated.writer import generate, new_world


def digest(folder: Path) -> dict[str, str]:
    """A hash of every file in a folder, by its path inside it."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> World:
    """A 40-resident town written to disk and loaded back."""
    root = tmp_path_factory.mktemp("generated") / "town"
    new_world(root, 40, seed=5)
    return load_world(root)


@pytest.mark.parametrize(("residents", "seed"), [(1, 0), (5, 0), (40, 1), (250, 2)])
def test_generated_world_passes_check_world(tmp_path: Path, residents: int, seed: int):
    new_world(tmp_path / "town", residents, seed)
    report = check_world(tmp_path / "town")
    assert report.ok, report.render()
    assert len(report.personas) == residents
    assert report.scenarios == ["baseline"]
    kinds = {kind for _, kind in report.areas}
    assert {"home", "cafe", "park"} <= kinds


def test_map_has_its_own_copy_of_the_tileset(tmp_path: Path):
    new_world(tmp_path / "town", 5)
    assert (tmp_path / "town" / "tileset" / "hamlet.tsj").is_file()
    assert (tmp_path / "town" / "tileset" / "hamlet.png").is_file()
    assert '"source": "tileset/hamlet.tsj"' in (tmp_path / "town" / "map.tmj").read_text()


def test_same_seed_writes_the_same_files_and_another_seed_does_not(tmp_path: Path):
    new_world(tmp_path / "a", 30, seed=7)
    new_world(tmp_path / "b", 30, seed=7)
    new_world(tmp_path / "c", 30, seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    other = digest(tmp_path / "c")
    assert other["personas.yaml"] != digest(tmp_path / "a")["personas.yaml"]
    assert other["map.tmj"] != digest(tmp_path / "a")["map.tmj"]


def test_map_grows_with_the_number_of_residents():
    sizes = [generate(n).plan for n in (10, 100, 1000)]
    areas = [plan.width * plan.height for plan in sizes]
    assert areas[0] < areas[1] < areas[2]
    for n, plan in zip((10, 100, 1000), sizes, strict=True):
        homes = len(plan.homes)
        flats = sum(h.kind == "flats" for h in plan.homes)
        dwellings = homes - flats + flats * FLATS_PER_BUILDING
        assert n / 5 <= dwellings <= n, (n, homes, flats)


@pytest.mark.parametrize(("residents", "seed"), [(3, 0), (60, 1), (300, 4)])
def test_relationships_are_symmetric_and_name_other_residents(residents: int, seed: int):
    people = {p.name: p for p in generate(residents, seed).personas}
    assert len(people) == residents  # every name is distinct
    for name, person in people.items():
        for other, relation in person.relationships.items():
            assert other in people and other != name
            assert name in people[other].relationships, (name, other, relation)


@pytest.mark.parametrize(("residents", "seed"), [(60, 1), (300, 4)])
def test_every_worker_has_a_job_and_every_pupil_a_classroom(residents: int, seed: int):
    for r in generate(residents, seed).residents:
        age = r.person.age
        if ADULT_AGE <= age < RETIREMENT_AGE:
            assert r.workplace and r.occupation not in ("pupil", "retired"), r
        elif 5 <= age < ADULT_AGE:
            assert r.occupation == "pupil" and "classroom" in (r.workplace or ""), r
        else:
            assert r.workplace is None, r


def test_every_job_and_routine_place_is_on_the_map(town: World):
    places = set(town.map.addresses())
    residents = generate(40, seed=5).residents
    for r in residents:
        assert r.home in places and r.bedroom in places
        assert r.workplace is None or r.workplace in places
        for item in r.routine:
            assert item.place in places, (r.name, item)
            assert item.place.split(":")[-1] in item.text() or item.place in r.bedroom
    personas = {p.name: p for p in town.personas}
    assert [personas[r.name].daily_routine for r in residents] == [
        [item.text() for item in r.routine] for r in residents
    ]


def test_every_resident_starts_on_a_free_tile_of_their_home(town: World):
    tiles = set()
    for persona in town.personas:
        x, y = town.spawn_tile(persona)
        assert not town.map.blocked[y, x]
        assert town.map.areas[persona.home].rect.contains((x, y))
        tiles.add((x, y))
    assert len(tiles) == len(town.personas)


def test_a_short_scripted_run_of_a_generated_town_completes_with_events(tmp_path: Path):
    new_world(tmp_path / "town", 30, seed=3)
    with Simulation.from_world(
        str(tmp_path / "town"),
        backend="scripted",
        executor="inline",
        ticks=6,
        out=tmp_path / "runs",
        run_id="run",
    ) as sim:
        sim.run(progress=False)
    events = events_of(tmp_path / "runs" / "run")
    everyone = {p.name for p in load_world(tmp_path / "town").personas}
    assert {e.agent for e in events if e.type == "action_started"} == everyone


@pytest.fixture
def with_new_world(monkeypatch):
    """`hamlet` with the new-world command plugged in, as its installed entry point does."""
    plugged = [EntryPoint("new-world", "worlds.generated.cli:register", "hamlet.commands")]
    monkeypatch.setattr(cli, "entry_points", lambda group: plugged)


def test_new_world_command_writes_a_world_and_says_so(tmp_path: Path, capsys, with_new_world):
    assert cli.main(["new-world", str(tmp_path / "town"), "--residents", "8"]) == 0
    assert "8 residents" in capsys.readouterr().out
    assert cli.main(["check-world", str(tmp_path / "town")]) == 0


def test_new_world_command_reports_a_mistake_on_one_line(tmp_path: Path, capsys, with_new_world):
    assert cli.main(["new-world", str(tmp_path / "town"), "--residents", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hamlet new-world: error: --residents 0") and err.count("\n") == 1


@pytest.mark.parametrize("residents", [0, -3])
def test_too_few_residents_is_a_one_line_error(tmp_path: Path, residents: int):
    with pytest.raises(ConfigError, match="--residents") as caught:
        new_world(tmp_path / "town", residents)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "town").exists()


def test_a_folder_that_is_not_empty_is_a_one_line_error(tmp_path: Path):
    (tmp_path / "town").mkdir()
    (tmp_path / "town" / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="not an empty folder") as caught:
        new_world(tmp_path / "town", 5)
    assert "\n" not in str(caught.value)
    assert [p.name for p in (tmp_path / "town").iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_fine(tmp_path: Path):
    (tmp_path / "town").mkdir()
    new_world(tmp_path / "town", 5)
    assert check_world(tmp_path / "town").ok
