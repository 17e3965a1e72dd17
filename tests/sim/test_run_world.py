"""A run keeps the personas and scenario it was made with, so its analysis never changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from sim import Simulation
from sim.analysis.loading import load_run
from sim.analysis.report import analyze
from sim.interview import interview
from sim.run_world import PERSONAS_FILE, SCENARIO_FILE, WORLD_DIR, load_run_world
from sim.scenario import load_scenario
from sim.world_loader import installed_worlds_dir, load_world


@pytest.fixture
def made(tmp_path) -> tuple[Path, Path]:
    """A short scripted run of a copy of the tiny world: (the world's copy, the run folder)."""
    root = tmp_path / "made"
    world = root / "tiny"
    shutil.copytree(installed_worlds_dir() / "tiny", world)
    shutil.copytree(installed_worlds_dir() / "tileset", root / "tileset")
    with Simulation.from_world(
        str(world),
        backend="scripted",
        executor="inline",
        agent_kind="generative",
        ticks=60,
        checkpoint_every=30,
        out=root / "runs",
        run_id="kept",
    ) as sim:
        sim.run(progress=False)
    return world, root / "runs" / "kept"


def edit_world(world: Path) -> None:
    """Change a persona and the scenario's measured event in a world folder."""
    personas_path = world / "personas.yaml"
    personas = yaml.safe_load(personas_path.read_text(encoding="utf-8"))
    personas[1]["age"] = 71
    personas[1]["currently"] = "learning to play the cello"
    personas_path.write_text(yaml.safe_dump(personas, sort_keys=False), encoding="utf-8")
    scenario_path = world / "scenarios" / "baseline.yaml"
    scenario = yaml.safe_load(scenario_path.read_text(encoding="utf-8"))
    scenario["measures"]["event"]["end"] = "2024-03-05T08:00:00"
    scenario_path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")


def test_a_run_keeps_its_personas_and_scenario_as_loaded(made):
    world_dir, run = made
    assert (run / WORLD_DIR / PERSONAS_FILE).is_file()
    assert (run / WORLD_DIR / SCENARIO_FILE).is_file()
    world = load_world(world_dir)
    kept = load_run_world(run, str(world_dir), "baseline")
    assert kept.kept and kept.source == run / WORLD_DIR
    assert kept.world.personas == world.personas
    assert kept.scenario == load_scenario(world, "baseline")


def test_editing_the_world_afterwards_changes_nothing_in_the_report(made):
    world_dir, run = made
    before = analyze(run).read_text(encoding="utf-8")
    lena_age = load_run(run).personas.set_index("name").loc["Lena Hale", "age"]
    edit_world(world_dir)
    assert analyze(run).read_text(encoding="utf-8") == before
    assert "Note:" not in before
    assert load_run(run).personas.set_index("name").loc["Lena Hale", "age"] == lena_age != 71


def test_an_old_run_folder_analyses_from_its_world_folder_with_a_note(made):
    world_dir, run = made
    (run / WORLD_DIR / PERSONAS_FILE).unlink()
    (run / WORLD_DIR / SCENARIO_FILE).unlink()
    before = analyze(run).read_text(encoding="utf-8")
    assert f"keeps no personas or scenario of its own; they were read from `{world_dir}`" in before
    assert "### Attendance at Copper Kettle, 2024-03-05 07:00 to 10:00" in before
    edit_world(world_dir)
    after = analyze(run).read_text(encoding="utf-8")
    # Read from today's world folder, the old run's measures follow its edits.
    assert "### Attendance at Copper Kettle, 2024-03-05 07:00 to 08:00" in after
    assert load_run(run).personas.set_index("name").loc["Lena Hale", "age"] == 71


def test_an_interview_needs_only_the_run_folder(made):
    world_dir, run = made
    shutil.rmtree(world_dir)
    result = interview(run, "Lena Hale", "What are you doing today?", save=False)
    assert result.agent == "Lena Hale" and result.answer


def test_forks_and_resumes_keep_the_world_the_run_was_made_with(made, tmp_path):
    _, run = made
    kept = {name: (run / WORLD_DIR / name).read_bytes() for name in (PERSONAS_FILE, SCENARIO_FILE)}
    with Simulation.resume(run) as sim:
        sim.run(ticks=6, progress=False)
    with Simulation.fork(run, run_id="child", out=tmp_path) as fork:
        fork.run(ticks=6, progress=False)
    for folder in (run, tmp_path / "child"):
        for name, data in kept.items():
            assert (folder / WORLD_DIR / name).read_bytes() == data


def test_a_resume_goes_on_in_the_town_the_run_was_made_in(made, tmp_path):
    world_dir, run = made
    untouched, edited = tmp_path / "untouched", tmp_path / "edited"
    shutil.copytree(run, untouched)
    shutil.copytree(run, edited)
    with Simulation.resume(untouched) as sim:
        sim.run(ticks=120, progress=False)
    personas_path = world_dir / "personas.yaml"
    personas = yaml.safe_load(personas_path.read_text(encoding="utf-8"))
    personas[0]["currently"] = "moving away from town"
    personas_path.write_text(yaml.safe_dump(personas[:-1], sort_keys=False), encoding="utf-8")
    with Simulation.resume(edited) as sim:
        sim.run(ticks=120, progress=False)
    assert (edited / "events.jsonl").read_bytes() == (untouched / "events.jsonl").read_bytes()
