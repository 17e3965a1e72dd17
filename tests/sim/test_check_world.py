"""`hamlet check-world`: a description of the world and the walk-to-everything check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sim.check_world import check_world, main
from sim.world_loader import installed_worlds_dir

WORLDS = installed_worlds_dir()


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    shutil.copytree(
        WORLDS / "tiny", tmp_path / "tiny", ignore=shutil.ignore_patterns("*.py", "__*")
    )
    shutil.copytree(WORLDS / "tileset", tmp_path / "tileset")
    return tmp_path / "tiny"


def block_tile(root: Path, x: int, y: int) -> None:
    path = root / "map.tmj"
    data = json.loads(path.read_text())
    collision = next(layer for layer in data["layers"] if layer["name"] == "collision")
    collision["data"][y * data["width"] + x] = 1
    path.write_text(json.dumps(data))


def test_tiny_world_passes_and_is_described(capsys):
    report = check_world("tiny")
    assert report.ok, report.render()
    assert main(["tiny"]) == 0
    out = capsys.readouterr().out
    assert "size: 24x16 tiles of 32 px" in out
    assert "Copper Kettle [cafe]" in out and "Millpond Green [park]" in out
    assert "spawn points (4)" in out and "personas (3)" in out and "scenarios (1): baseline" in out
    assert "every area, room and object reachable from every spawn" in out


def test_closing_the_cafe_door_reports_its_rooms_and_objects_unreachable(tiny, capsys):
    block_tile(tiny, 4, 9)  # the Copper Kettle's only door
    report = check_world(tiny)
    cut_off = {u.address for u in report.unreachable}
    assert "Copper Kettle:dining room" in cut_off and "Copper Kettle:kitchen:oven" in cut_off
    assert "Alder House:kitchen" not in cut_off
    assert set(report.unreachable[0].spawns) >= {"Owen Hale", "Ines Calloway"}
    assert main([str(tiny)]) == 1
    out = capsys.readouterr().out
    assert "Copper Kettle:kitchen:oven: walled off from spawn" in out and "FAILED" in out


def test_a_place_with_nowhere_to_stand_is_reported(tiny, capsys):
    block_tile(tiny, 3, 2)  # the one free tile beside Alder House's wardrobe
    report = check_world(tiny)
    assert [u.address for u in report.unreachable] == ["Alder House:bedroom:wardrobe"]
    assert "no walkable tile to stand on" in report.render()


def test_a_broken_world_fails_with_the_loader_message(tiny, capsys):
    (tiny / "map.tmj").write_text("{ not json")
    assert main([str(tiny)]) == 1
    out = capsys.readouterr().out
    assert "cannot be loaded" in out and "map.tmj: line 1, column 3" in out


def test_a_broken_scenario_is_an_error(tiny, capsys):
    (tiny / "scenarios" / "broken.yaml").write_text(
        "description: x\nstart: 2024-03-05T07:00:00\nagents: [Nobody]\n"
    )
    report = check_world(tiny)
    assert not report.ok and "broken.yaml:3" in report.errors[0]
