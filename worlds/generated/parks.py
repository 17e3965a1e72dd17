"""A small town park for generated towns: a pond, a lawn and a community garden.

The park is open-air rooms on one lot; a footpath crosses it north to south
and another east to west between its rooms, so the streets on both sides join.
"""

from __future__ import annotations

from sim.world_map import Rect, Tile
from worlds.build.mapmaker import MapMaker
from worlds.oakhollow.layout import put


def park(m: MapMaker, name: str, r: Rect) -> Tile:
    """A park in `r` (28x20 or larger); the tile where its north-south path leaves it."""
    area = m.area(name, r.x, r.y, r.w, r.h, kind="park", ground="grass_dark")
    half = (r.w - 1) // 2
    pond = area.room("pond", r.x, r.y, half, 9, floor="", walls=None)
    put(pond, "pond", 2, 2, tile="water", w=half - 4, h=4)
    put(pond, "pond bench", 3, -1, tile="bench", w=2)
    lawn = area.room("lawn", r.x + half + 1, r.y, r.w - half - 1, 9, floor="", walls=None)
    put(lawn, "fountain", 3, 3, tile="fountain")
    put(lawn, "picnic tables", 7, 5, tile="table", w=2)
    put(lawn, "notice board", -1, 0, tile="notice_board")
    put(lawn, "old oak", -3, -2, tile="tree")
    garden = area.room("community garden", r.x, r.y + 11, r.w, r.h - 11, floor="", walls=None)
    put(garden, "vegetable beds", 2, 2, tile="flowers", w=6, h=2)
    put(garden, "herb beds", 11, 2, tile="flowers", w=4, h=2)
    put(garden, "tool shed", -1, 0, tile="cabinet", w=2)
    put(garden, "garden bench", 4, -2, tile="bench", w=2)
    m.path([(r.x + half, r.y), (r.x + half, r.y + r.h - 1)])
    m.path([(r.x, r.y + 9), (r.x + r.w - 1, r.y + 9)], width=2)
    return r.x + half, r.y + r.h - 1
