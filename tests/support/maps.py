"""Small in-memory maps for engine tests, built without any file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.world_map import Area, MapObject, Rect, Room, SpawnPoint, WorldMap


def open_map(width: int = 12, height: int = 8) -> WorldMap:
    """An open field with one area ("Park") holding one room ("lawn") and a bench.

    The bench stands at (9, 2) and blocks its tile; the lawn covers x 6..11.
    """
    blocked = np.zeros((height, width), dtype=bool)
    blocked[2, 9] = True
    return WorldMap(
        path=Path("in-memory"),
        width=width,
        height=height,
        tile_size=32,
        blocked=blocked,
        areas={"Park": Area(name="Park", rect=Rect(6, 0, width - 6, height), kind="park")},
        rooms={"Park:lawn": Room(name="lawn", area="Park", rect=Rect(6, 0, width - 6, height))},
        objects={
            "Park:lawn:bench": MapObject(
                name="bench", area="Park", room="lawn", rect=Rect(9, 2, 1, 1)
            )
        },
        spawns={"west": SpawnPoint(name="west", tile=(0, 0))},
    )
