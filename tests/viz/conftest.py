"""Run folders made by hand for the viewer's tests: a tiny map and frames from `sim.frames`."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from sim.frames import AgentFrame, Frame, FrameHeader, InspectorFrame  # noqa: E402

TILE = 16
MAP_W, MAP_H = 20, 15
START = datetime(2023, 2, 13, 8, 0, 0)
TICK_SECONDS = 60  # one game minute per tick keeps times easy to read in tests

GRASS = (60, 150, 70)
PATH = (200, 170, 110)
WALL = (110, 110, 120)
MAGENTA = (255, 0, 255)  # only on the collision layer, which must never show


def paint_tileset(path: Path, colours: list[tuple[int, int, int]]) -> None:
    """A one-row tileset image whose tiles are flat colours."""
    import pygame

    image = pygame.Surface((TILE * len(colours), TILE))
    for i, colour in enumerate(colours):
        image.fill(colour, (i * TILE, 0, TILE, TILE))
    pygame.image.save(image, str(path))


def write_map(world: Path) -> Path:
    """A 20×15 map: grass, a path along row 7, a wall block, a hidden collision layer."""
    world.mkdir(parents=True, exist_ok=True)
    paint_tileset(world / "tiles.png", [GRASS, PATH, WALL, MAGENTA])
    ground = [1] * (MAP_W * MAP_H)
    detail = [0] * (MAP_W * MAP_H)
    for x in range(MAP_W):
        detail[7 * MAP_W + x] = 2
    for y in range(1, 4):
        for x in range(14, 18):
            detail[y * MAP_W + x] = 3 | 0x80000000  # a flipped tile still draws
    collision = [4] * (MAP_W * MAP_H)
    tmj = {
        "type": "map",
        "orientation": "orthogonal",
        "infinite": False,
        "width": MAP_W,
        "height": MAP_H,
        "tilewidth": TILE,
        "tileheight": TILE,
        "layers": [
            {
                "type": "tilelayer",
                "name": "ground",
                "width": MAP_W,
                "height": MAP_H,
                "data": ground,
            },
            {
                "type": "tilelayer",
                "name": "detail",
                "width": MAP_W,
                "height": MAP_H,
                "data": detail,
            },
            {
                "type": "tilelayer",
                "name": "collision",
                "width": MAP_W,
                "height": MAP_H,
                "data": collision,
            },
            {
                "type": "objectgroup",
                "name": "areas",
                "objects": [
                    {"name": "Cafe", "type": "area", "x": 224, "y": 16, "width": 64, "height": 48}
                ],
            },
        ],
        "tilesets": [
            {
                "firstgid": 1,
                "name": "flat",
                "image": "tiles.png",
                "imagewidth": 4 * TILE,
                "imageheight": TILE,
                "tilewidth": TILE,
                "tileheight": TILE,
                "tilecount": 4,
                "columns": 4,
            }
        ],
    }
    path = world / "map.tmj"
    path.write_text(json.dumps(tmj))
    return path


def ada_tile(tick: int) -> tuple[int, int]:
    """Ada walks east along the path, one tile per tick."""
    return (2 + tick, 7)


BO_TILE = (5, 11)


def make_frame(tick: int) -> Frame:
    ada = AgentFrame(
        name="Ada Lovelace",
        tile=ada_tile(tick),
        place="Town:street",
        action="walking to the cafe",
        emoji="🚶",
        path=[ada_tile(tick + 1), ada_tile(tick + 2)],
    )
    bo = AgentFrame(
        name="Bo Chen",
        tile=BO_TILE,
        place="Park",
        action="reading a book on the bench",
        emoji="📖",
        utterance="Morning, Ada!" if tick == 3 else None,
        listener="Ada Lovelace" if tick == 3 else None,
    )
    inspector = {}
    if tick == 0:
        inspector = {
            "Ada Lovelace": InspectorFrame(
                summary="Ada is a mathematician who runs the bakery.",
                plan=["08:00 walk to the cafe", "09:00 bake bread"],
                recent_memories=["saw Bo Chen in the park"],
                important_memories=["the bakery opens on Monday"],
            ),
            "Bo Chen": InspectorFrame(summary="Bo is a retired teacher.", plan=["read"]),
        }
    elif tick == 5:
        inspector = {
            "Ada Lovelace": InspectorFrame(
                summary="Ada is a mathematician who runs the bakery.",
                plan=["09:00 bake bread"],
                recent_memories=["Bo Chen said good morning"],
                important_memories=["the bakery opens on Monday"],
                conversation=["Bo Chen: Morning, Ada!", "Ada Lovelace: Hello Bo!"],
            )
        }
    when = START + timedelta(seconds=TICK_SECONDS * tick)
    return Frame(tick=tick, time=when.isoformat(), agents=[ada, bo], inspector=inspector)


def header_line() -> str:
    header = FrameHeader(
        run_id="test-run",
        world="handmade",
        map_path="world/map.tmj",
        backend="scripted",
        tick_seconds=TICK_SECONDS,
        start_time=START.isoformat(),
        agents=["Ada Lovelace", "Bo Chen"],
    )
    return header.model_dump_json() + "\n"


def frame_line(tick: int) -> str:
    return make_frame(tick).model_dump_json() + "\n"


def write_run(root: Path, ticks: int = 10) -> Path:
    """A finished run folder with `ticks` frames (tick 0 at 08:00, one game minute apart)."""
    run = root / "run"
    write_map(run / "world")
    with (run / "frames.jsonl").open("w") as f:
        f.write(header_line())
        for tick in range(ticks):
            f.write(frame_line(tick))
    return run


@pytest.fixture(scope="session", autouse=True)
def _pygame_headless():
    import pygame

    pygame.display.init()
    pygame.font.init()
    yield
    pygame.quit()


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    return write_run(tmp_path)
