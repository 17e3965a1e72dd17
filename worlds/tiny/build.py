"""Build the tiny test world's map: two homes, a café, a small park, 24x16 tiles.

Run `python -m worlds.tiny.build` (or `python worlds/tiny/build.py`) to rewrite
`worlds/tiny/map.tmj`; the written map is committed beside this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from worlds.build.mapmaker import MapMaker  # noqa: E402

MAP_PATH = Path(__file__).resolve().parent / "map.tmj"


def house(m: MapMaker, name: str, x: int, bed: str) -> None:
    """A home 9 tiles wide at column x: a bedroom (west) opening into a kitchen (east)."""
    home = m.area(name, x, 0, 9, 7, kind="home")
    bedroom = home.room("bedroom", x + 1, 1, 3, 5, floor="floor_wood", doors=["east"])
    bedroom.object("bed", x + 1, 1, tile=bed)
    bedroom.object("wardrobe", x + 3, 1, tile="cabinet")
    bedroom.object("desk", x + 1, 5, tile="desk")
    kitchen = home.room("kitchen", x + 5, 1, 3, 5, floor="floor_tile", doors=["south"])
    kitchen.object("stove", x + 5, 1, tile="stove")
    kitchen.object("sink", x + 6, 1, tile="sink")
    kitchen.object("fridge", x + 7, 1, tile="fridge")
    kitchen.object("kitchen table", x + 6, 3, tile="table")
    m.paint(x + 5, 3, "chair", layer="furniture")
    m.paint(x + 7, 3, "chair", layer="furniture")
    m.paint(x + 2, 6, "window", layer="walls")


def build() -> MapMaker:
    """The tiny world, ready to save."""
    m = MapMaker(24, 16)
    house(m, "Alder House", 0, bed="double_bed")
    house(m, "Birch House", 10, bed="bed")
    m.path([(0, 7), (23, 7)], width=2)

    cafe = m.area("Copper Kettle", 1, 9, 12, 7, kind="cafe", ground="plaza")
    dining = cafe.room("dining room", 2, 10, 6, 5, floor="floor_wood", doors=["north"])
    dining.object("counter", 5, 10, tile="counter")
    dining.object("register", 6, 10, tile="register")
    dining.object("coffee machine", 7, 10, tile="coffee_machine")
    dining.object("window table", 3, 12, tile="table")
    dining.object("corner table", 6, 13, tile="table")
    dining.object("bookshelf", 2, 14, tile="shelf")
    for x, y in ((2, 12), (4, 12), (5, 13), (7, 13)):
        m.paint(x, y, "chair", layer="furniture")
    m.paint(2, 10, "plant", layer="decor", blocks=True)
    kitchen = cafe.room("kitchen", 9, 10, 3, 5, floor="floor_tile", doors=["west"])
    kitchen.object("oven", 9, 10, tile="stove")
    kitchen.object("sink", 10, 10, tile="sink")
    kitchen.object("fridge", 11, 10, tile="fridge")
    kitchen.object("pantry shelf", 11, 14, tile="shelf")
    for x in (3, 6):
        m.paint(x, 9, "window", layer="walls")

    park = m.area("Millpond Green", 14, 9, 10, 7, kind="park")
    green = park.room("green", 14, 9, 10, 7, floor="", walls=None)
    green.object("bench", 16, 11, tile="bench")
    green.object("pond", 19, 12, tile="water", w=3, h=2)
    green.object("fountain", 22, 10, tile="fountain")
    green.object("notice board", 15, 14, tile="notice_board")
    for x, y in ((17, 14), (18, 14), (22, 14), (14, 12)):
        m.paint(x, y, "flowers", layer="ground")
    m.tree(23, 15)
    m.tree(14, 15, tile="bush")

    for x, y, kind in (
        (19, 1, "tree"),
        (21, 2, "pine"),
        (23, 0, "tree"),
        (22, 5, "bush"),
        (9, 1, "tree"),
        (20, 4, "rock"),
        (0, 15, "bush"),
    ):
        m.tree(x, y, tile=kind)
    m.paint(13, 9, "lamp", layer="decor", blocks=True)

    m.spawn("Owen Hale", 1, 3)
    m.spawn("Lena Hale", 2, 3)
    m.spawn("Ines Calloway", 11, 3)
    m.spawn("crossroads", 9, 7)
    return m


if __name__ == "__main__":
    print(f"wrote {build().save(MAP_PATH)}")
