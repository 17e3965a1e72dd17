"""Oakhollow's homes: family houses around a hall, and a building of small flats.

A house is three rows: bedrooms and a bathroom, a hall, then the kitchen and
living room, whose outer door is the front door. `front="north"` turns the
plan upside down for houses that face a lane to their north.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.world_map import Rect, Tile
from worlds.build.mapmaker import AreaMaker, MapMaker, RoomMaker
from worlds.oakhollow.layout import building, connect, dress, exit_door, outline, put, windows

FLOORS = {
    "bathroom": "floor_tile",
    "kitchen": "floor_tile",
    "living room": "floor_carpet",
    "hall": "floor_wood",
    "corridor": "floor_stone",
    "lobby": "floor_stone",
}

# A bedroom: its name, its floor width, its bed tile, and extra objects (name, dx, dy, tile).
Bedroom = tuple[str, int, str, Sequence[tuple[str, int, int, str]]]


@dataclass(frozen=True)
class HousePlan:
    """A family house: its grounds, its outer walls' corner, its bedrooms and its kitchen."""

    name: str
    area: Rect
    at: Tile
    bedrooms: Sequence[Bedroom]
    kitchen_w: int
    front: str = "south"
    wall: str = "wall"
    garden: Rect | None = None  # an open-air garden in the grounds, beside the house


def house(m: MapMaker, plan: HousePlan) -> tuple[dict[str, RoomMaker], Tile]:
    """A family house as planned; its rooms (and garden) and the tile outside its front door."""
    area, front = plan.area, plan.front
    home = m.area(plan.name, area.x, area.y, area.w, area.h, kind="home")
    sleeping = (4, [(b[0], b[1]) for b in plan.bedrooms] + [("bathroom", 3)])
    living = (5, [("kitchen", plan.kitchen_w), ("living room", 4)])
    rows = [sleeping, (2, [("hall", 1)]), living]
    x, y = plan.at
    rooms = building(home, x, y, rows[::-1] if front == "north" else rows, FLOORS, plan.wall)
    toward_hall = "south" if front == "south" else "north"
    for bed_name, _, bed, extras in plan.bedrooms:
        _bedroom(rooms[bed_name], bed, extras, toward_hall)
    _bathroom(rooms["bathroom"], toward_hall)
    for room in list(rooms.values()):
        if room.name not in ("hall", "kitchen", "living room"):
            connect(room, rooms["hall"])
    connect(rooms["hall"], rooms["kitchen"])
    connect(rooms["hall"], rooms["living room"])
    connect(rooms["kitchen"], rooms["living room"])
    door = exit_door(rooms["living room"], front)
    _kitchen(rooms["kitchen"], front)
    _living_room(rooms["living room"], front)
    dress(rooms["hall"], [(0, 0), (-1, 0)], "plant", blocks=True)
    windows(m, outline(rooms))
    if plan.garden is not None:
        rooms["garden"] = _garden(home, plan.garden)
    return rooms, _outside(door, front)


def flats(
    m: MapMaker,
    name: str,
    area: Rect,
    at: Tile,
    extras: dict[str, Sequence[tuple[str, int, int, str]]],
) -> tuple[dict[str, RoomMaker], list[Tile]]:
    """A building of seven one-room flats and a lobby off one corridor; rooms and its doors."""
    block = m.area(name, area.x, area.y, area.w, area.h, kind="home")
    top = [(f"flat {i}", 4) for i in range(1, 5)]
    bottom = [(f"flat {i}", 4) for i in range(5, 8)] + [("lobby", 4)]
    rooms = building(block, at[0], at[1], [(4, top), (2, [("corridor", 1)]), (4, bottom)], FLOORS)
    for i in range(1, 8):
        flat = rooms[f"flat {i}"]
        connect(flat, rooms["corridor"])
        upper = i <= 4
        put(flat, "bed", 0, 0 if upper else -1, tile="bed")
        put(flat, "desk", -1, 0 if upper else -1, tile="desk")
        put(flat, "stove", 0, -1 if upper else 0, tile="stove")
        put(flat, "armchair", -1, 2 if upper else 1, tile="armchair")
        for obj, dx, dy, tile in extras.get(flat.name, ()):
            put(flat, obj, dx, dy, tile=tile)
    lobby = rooms["lobby"]
    connect(lobby, rooms["corridor"])
    put(lobby, "mailboxes", -1, -1, tile="mailbox")
    put(lobby, "notice board", 0, -1, tile="notice_board")
    dress(lobby, [(-1, 1)], "plant", blocks=True)
    doors = [exit_door(rooms["corridor"], side) for side in ("west", "east")]
    windows(m, outline(rooms), every=5)
    return rooms, [_outside(d, side) for d, side in zip(doors, ("west", "east"), strict=True)]


def _garden(home: AreaMaker, r: Rect) -> RoomMaker:
    """Beehives, a vegetable patch and a bench, in the open air."""
    garden = home.room("garden", r.x, r.y, r.w, r.h, floor="", walls=None)
    put(garden, "beehives", 1, 1, tile="crate", w=2)
    put(garden, "vegetable patch", 1, 5, tile="flowers", w=3, h=2)
    put(garden, "garden bench", 1, -2, tile="bench", w=2)
    return garden


def _bedroom(
    room: RoomMaker, bed: str, extras: Sequence[tuple[str, int, int, str]], door_side: str
) -> None:
    back = 0 if door_side == "south" else -1  # the wall away from the door
    put(room, "bed", 0, back, tile=bed)
    put(room, "wardrobe", -1, back, tile="cabinet")
    put(room, "desk", -1, 2 if door_side == "south" else 1, tile="desk")
    for obj, dx, dy, tile in extras:
        put(room, obj, dx, dy, tile=tile)


def _bathroom(room: RoomMaker, door_side: str) -> None:
    back = 0 if door_side == "south" else -1
    put(room, "toilet", 0, back, tile="toilet")
    put(room, "bathtub", -1, back, tile="bathtub")
    put(room, "sink", 0, 2 if door_side == "south" else 1, tile="sink")


def _kitchen(room: RoomMaker, front: str) -> None:
    """Stove, sink, fridge and counter along the wall away from the hall; a table in the middle."""
    back = -1 if front == "south" else 0
    put(room, "stove", 0, back, tile="stove")
    put(room, "sink", 1, back, tile="sink")
    put(room, "counter", 2, back, tile="counter")
    put(room, "fridge", -1, back, tile="fridge")
    put(room, "kitchen table", 2, 2, tile="table", w=2)
    dress(room, [(1, 2), (4, 2)], "chair")


def _living_room(room: RoomMaker, front: str) -> None:
    back = 0 if front == "south" else -1  # the hall side: its door is in the middle
    put(room, "bookcase", -1, back, tile="bookcase")
    put(room, "television", 1, back, tile="tv")
    put(room, "sofa", 1, 2, tile="sofa", w=2)
    put(room, "armchair", -2, 2, tile="armchair")
    dress(room, [(0, -1 if front == "south" else 0)], "plant", blocks=True)


def _outside(door: Tile, side: str) -> Tile:
    """The tile just outside a door on the given side of a building."""
    dx, dy = {"north": (0, -1), "south": (0, 1), "west": (-1, 0), "east": (1, 0)}[side]
    return door[0] + dx, door[1] + dy
