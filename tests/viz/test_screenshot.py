from pathlib import Path

import pygame
import pytest

from tests.viz.conftest import BO_TILE, MAGENTA, MAP_H, MAP_W, TILE, ada_tile
from viz.cli import main, screenshot
from viz.render import layout
from viz.sprites import agent_colour


def tile_centre_on_screen(shot_size, tile, inspector_open=False):
    """Where the fitted camera of a screenshot puts a tile's centre."""
    x0, y0, w, h = layout(shot_size, inspector_open).map_rect
    zoom = min(w / (MAP_W * TILE), h / (MAP_H * TILE))
    left = x0 + (w - MAP_W * TILE * zoom) / 2
    top = y0 + (h - MAP_H * TILE * zoom) / 2
    return round(left + (tile[0] + 0.5) * TILE * zoom), round(top + (tile[1] + 0.5) * TILE * zoom)


def test_screenshot_shows_each_agent_at_its_tile_of_that_game_time(run_dir: Path, tmp_path: Path):
    out = tmp_path / "shot.png"
    shot = screenshot(run_dir, out, at="08:04", size=(800, 600))
    assert shot.tick == 4
    image = pygame.image.load(str(out))
    for name, tile in [("Ada Lovelace", ada_tile(4)), ("Bo Chen", BO_TILE)]:
        x, y, w, h = shot.result.agent_rects[name]
        expected = tile_centre_on_screen((800, 600), tile)
        assert abs(x + w / 2 - expected[0]) <= 1 and abs(y + h / 2 - expected[1]) <= 1
        assert tuple(image.get_at(expected))[:3] == agent_colour(name)


def test_screenshot_draws_the_map_but_not_its_collision_layer(run_dir: Path, tmp_path: Path):
    out = tmp_path / "shot.png"
    screenshot(run_dir, out, at="0", size=(800, 600))
    image = pygame.image.load(str(out))
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, 800, 7) for y in range(40, 560, 7)}
    assert MAGENTA not in colours
    grass = tile_centre_on_screen((800, 600), (0, 0))
    assert tuple(image.get_at(grass))[:3] == (60, 150, 70)


def test_screenshot_with_an_agent_opens_its_inspector_at_that_moment(run_dir: Path, tmp_path: Path):
    early = screenshot(
        run_dir, tmp_path / "a.png", at="08:02", agent="Ada Lovelace", size=(1000, 700)
    )
    lines = early.result.inspector_lines
    assert lines[0] == "Ada Lovelace"
    assert any("mathematician who runs the bakery" in ln for ln in lines)
    assert any("saw Bo Chen in the park" in ln for ln in lines)
    assert not any("Hello Bo!" in ln for ln in lines)
    later = screenshot(
        run_dir, tmp_path / "b.png", at="08:06", agent="Ada Lovelace", size=(1000, 700)
    )
    assert any("Ada Lovelace: Hello Bo!" in ln for ln in later.result.inspector_lines)
    assert any("Bo Chen said good morning" in ln for ln in later.result.inspector_lines)


def test_screenshot_errors_name_the_run_folder_and_what_is_missing(
    run_dir: Path, tmp_path: Path, capsys
):
    out = str(tmp_path / "x.png")
    assert main([str(run_dir), "--screenshot", out, "--agent", "Zed"]) == 2
    err = capsys.readouterr().err
    assert str(run_dir) in err and "Zed" in err and "Ada Lovelace, Bo Chen" in err
    assert main([str(run_dir), "--screenshot", out, "--at", "06:00"]) == 2
    assert "no frame at or before" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(empty), "--screenshot", out]) == 2
    assert "no frames.jsonl" in capsys.readouterr().err
    assert not Path(out).exists()


def test_cli_screenshot_writes_a_png_and_says_which_tick(run_dir: Path, tmp_path: Path, capsys):
    out = tmp_path / "cli.png"
    assert main([str(run_dir), "--screenshot", str(out), "--at", "08:03", "--size", "640x480"]) == 0
    assert "tick 3" in capsys.readouterr().out
    assert pygame.image.load(str(out)).get_size() == (640, 480)


@pytest.mark.parametrize("size", [(800, 600), (1200, 500)])
def test_inspector_panel_leaves_agents_where_the_narrower_map_view_puts_them(
    run_dir, tmp_path, size
):
    shot = screenshot(run_dir, tmp_path / "s.png", at="08:01", agent="Bo Chen", size=size)
    x, y, w, h = shot.result.agent_rects["Bo Chen"]
    expected = tile_centre_on_screen(size, BO_TILE, inspector_open=True)
    assert abs(x + w / 2 - expected[0]) <= 1 and abs(y + h / 2 - expected[1]) <= 1


TINY = Path(__file__).resolve().parents[2] / "worlds"


@pytest.mark.skipif(not (TINY / "tiny" / "map.tmj").is_file(), reason="the tiny world is not built")
def test_screenshot_of_the_tiny_world_shows_agents_at_their_tiles(tmp_path: Path):
    import json
    import shutil

    from sim.frames import AgentFrame, Frame, FrameHeader

    run = tmp_path / "tiny-run"
    shutil.copytree(TINY / "tiny", run / "world" / "tiny")
    shutil.copytree(TINY / "tileset", run / "world" / "tileset")
    tmj = json.loads((run / "world" / "tiny" / "map.tmj").read_text())
    tiles = {"Ada": (3, 4), "Bo": (12, 9), "Cy": (20, 13)}
    header = FrameHeader(
        run_id="tiny",
        world="tiny",
        map_path="world/tiny/map.tmj",
        backend="scripted",
        tick_seconds=10,
        start_time="2023-02-13T08:30:00",
        agents=list(tiles),
    )
    agents = [AgentFrame(name=n, tile=t, place="x", action="idle") for n, t in tiles.items()]
    frame = Frame(tick=0, time="2023-02-13T08:30:00", agents=agents)
    (run / "frames.jsonl").write_text(
        header.model_dump_json() + "\n" + frame.model_dump_json() + "\n"
    )
    out = tmp_path / "tiny.png"
    shot = screenshot(run, out, at="08:30", size=(1024, 720), outlines=True)
    image = pygame.image.load(str(out))
    x0, y0, w, h = layout((1024, 720), False).map_rect
    tw = tmj["tilewidth"]
    zoom = min(w / (tmj["width"] * tw), h / (tmj["height"] * tw))
    left = x0 + (w - tmj["width"] * tw * zoom) / 2
    top = y0 + (h - tmj["height"] * tw * zoom) / 2
    for name, (tx, ty) in tiles.items():
        px = round(left + (tx + 0.5) * tw * zoom), round(top + (ty + 0.5) * tw * zoom)
        rx, ry, rw, rh = shot.result.agent_rects[name]
        assert abs(rx + rw / 2 - px[0]) <= 1 and abs(ry + rh / 2 - px[1]) <= 1
        assert tuple(image.get_at(px))[:3] == agent_colour(name)
