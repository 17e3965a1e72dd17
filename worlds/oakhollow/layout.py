"""Lay out Oakhollow's buildings: rows of rooms sharing walls, doors between them, furniture.

A building is given as rows of rooms, top to bottom; each row is a floor
height and a list of (room name, floor width). Rooms in a row share the wall
between them, and rows share the wall between them, as in a real floor plan.
The last room of a row stretches to the building's full width.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.world_map import Rect, Tile
from worlds.build.mapmaker import AreaMaker, MapMaker, RoomMaker

Row = tuple[int, Sequence[tuple[str, int]]]


def building(
    area: AreaMaker,
    x: int,
    y: int,
    rows: Sequence[Row],
    floors: dict[str, str] | None = None,
    wall: str = "wall",
) -> dict[str, RoomMaker]:
    """Build rows of rooms whose outer wall's top-left tile is (x, y); rooms by name."""
    floors = floors or {}
    inner = max(sum(w for _, w in rooms) + len(rooms) - 1 for _, rooms in rows)
    made: dict[str, RoomMaker] = {}
    top = y + 1
    for height, rooms in rows:
        left = x + 1
        for i, (name, width) in enumerate(rooms):
            if i == len(rooms) - 1:
                width = x + 1 + inner - left
            made[name] = area.room(
                name, left, top, width, height, floor=floors.get(name, "floor_wood"), walls=wall
            )
            left += width + 1
        top += height + 1
    return made


def outline(rooms: dict[str, RoomMaker]) -> Rect:
    """The outer walls of a building: the rectangle around its rooms and their walls."""
    rects = [r.rect for r in rooms.values()]
    x0, y0 = min(r.x for r in rects) - 1, min(r.y for r in rects) - 1
    x1, y1 = max(r.x + r.w for r in rects) + 1, max(r.y + r.h for r in rects) + 1
    return Rect(x0, y0, x1 - x0, y1 - y0)


def connect(a: RoomMaker, b: RoomMaker, at: float = 0.5) -> Tile:
    """Open a door in the wall two neighbouring rooms share, `at` the way along it."""
    ra, rb = a.rect, b.rect
    if ra.y + ra.h + 1 == rb.y or rb.y + rb.h + 1 == ra.y:  # one above the other
        lo, hi = max(ra.x, rb.x), min(ra.x + ra.w, rb.x + rb.w) - 1
        wall_y = ra.y + ra.h if ra.y < rb.y else ra.y - 1
        tile = (lo + round((hi - lo) * at), wall_y)
    elif ra.x + ra.w + 1 == rb.x or rb.x + rb.w + 1 == ra.x:  # side by side
        lo, hi = max(ra.y, rb.y), min(ra.y + ra.h, rb.y + rb.h) - 1
        wall_x = ra.x + ra.w if ra.x < rb.x else ra.x - 1
        tile = (wall_x, lo + round((hi - lo) * at))
    else:
        raise ValueError(f'rooms "{a.name}" and "{b.name}" share no wall')
    if hi < lo:
        raise ValueError(f'rooms "{a.name}" and "{b.name}" share no stretch of wall')
    return a.door(tile)


def exit_door(room: RoomMaker, side: str, at: float = 0.5) -> Tile:
    """Open a door in a room's outer wall on one side, `at` the way along it."""
    r = room.rect
    if side in ("north", "south"):
        tile = (r.x + round((r.w - 1) * at), r.y - 1 if side == "north" else r.y + r.h)
    else:
        tile = (r.x - 1 if side == "west" else r.x + r.w, r.y + round((r.h - 1) * at))
    return room.door(tile)


def windows(m: MapMaker, rect: Rect, every: int = 4) -> None:
    """Windows along the top and bottom outer walls of a building, skipping corners."""
    for x in range(rect.x + 2, rect.x + rect.w - 2, every):
        for y in (rect.y, rect.y + rect.h - 1):
            if m.layers["walls"][y, x] in (m.gid("wall"), m.gid("wall_wood")):
                m.paint(x, y, "window", layer="walls")


def put(
    room: RoomMaker,
    name: str,
    dx: int,
    dy: int,
    tile: str | None = None,
    w: int | None = None,
    h: int | None = None,
    state: str = "idle",
    blocks: bool = True,
) -> None:
    """An object at (dx, dy) inside the room's floor; negative offsets count from the far side."""
    r = room.rect
    x = r.x + dx if dx >= 0 else r.x + r.w + dx - ((w or 1) - 1)
    y = r.y + dy if dy >= 0 else r.y + r.h + dy - ((h or _height(tile or name)) - 1)
    room.object(name, x, y, tile=tile, w=w, h=h, state=state, blocks=blocks)


def dress(
    room: RoomMaker, spots: Sequence[tuple[int, int]], tile: str, blocks: bool = False
) -> None:
    """Unnamed furnishing (chairs, rugs, plants) at offsets in the room; walkable unless blocks."""
    r = room.rect
    m = room.area.maker
    for dx, dy in spots:
        x = r.x + dx if dx >= 0 else r.x + r.w + dx
        y = r.y + dy if dy >= 0 else r.y + r.h + dy
        if not r.contains((x, y)):
            raise ValueError(f'room "{room.name}": {tile} at {(x, y)} is outside its floor {r}')
        m.paint(x, y, tile, layer="furniture", blocks=True if blocks else None)


def _height(tile: str) -> int:
    return 2 if tile in ("bed", "double_bed") else 1
