"""Draw a generated town's plan with the map maker: streets, houses, flats, public places.

Houses and flats are Oakhollow's house plans, public places its venues (and
the park of `parks.py`); every entrance has a footpath to the street beside
its lot, and every resident a spawn point in their bedroom.
"""

from __future__ import annotations

from pathlib import Path

from sim.world_map import Rect, Tile
from worlds.build.mapmaker import DEFAULT_TILESET, MapMaker, RoomMaker
from worlds.generated.residents import Resident
from worlds.generated.town import LOT_H, LOT_W, STEP_X, STEP_Y, Home, TownPlan, lot_origin
from worlds.generated.workplaces import KINDS
from worlds.oakhollow.build import enclose, free_tile
from worlds.oakhollow.homes import HousePlan, flats, house


def draw(plan: TownPlan, people: list[Resident], tileset: Path = DEFAULT_TILESET) -> MapMaker:
    """The town's map, ready to save; spawn points named after the residents."""
    m = MapMaker(plan.width, plan.height, tileset=tileset)
    for row in range(plan.rows + 1):
        m.path([(0, row * STEP_Y), (plan.width - 1, row * STEP_Y)], tile="road", width=2)
    for col in range(plan.cols + 1):
        m.path([(col * STEP_X, 0), (col * STEP_X, plan.height - 1)], tile="road", width=2)
    rooms: dict[str, dict[str, RoomMaker]] = {}
    for home in plan.homes:
        rooms[home.name] = _home(m, home)
    for venue in plan.venues:
        _venue(m, venue.name, venue.kind, venue.lot)
    for resident in people:
        area, room = resident.bedroom.split(":")
        x, y = free_tile(m, rooms[area][room])
        m.spawn(resident.name, x, y)
    return m


def _home(m: MapMaker, home: Home) -> dict[str, RoomMaker]:
    x, y = lot_origin(home.lot)
    lot = Rect(x, y, LOT_W, LOT_H)
    street = y + LOT_H
    if home.kind == "flats":
        made, doors = flats(m, home.name, lot, (x + 2, y + 2), {})
        for dx, dy in doors:
            m.path([(dx, dy), (dx, street)])
        return made
    bedrooms = tuple((b.name, b.width, b.bed, ()) for b in home.bedrooms)
    made, door = house(m, HousePlan(home.name, lot, (x + 2, y + 2), bedrooms, kitchen_w=6))
    m.path([door, (door[0], street)])
    enclose(m, lot, "fence")
    return made


def _venue(m: MapMaker, name: str, kind_key: str, lot: tuple[int, int]) -> None:
    kind = KINDS[kind_key]
    x, y = lot_origin(lot)
    w, h = kind.size
    entrances = kind.build(m, name, Rect(x + 1, y + 1, w, h))
    doors: list[Tile] = entrances if isinstance(entrances, list) else [entrances]
    street = y - 2 if kind.door == "north" else y + LOT_H
    for door in doors:
        m.path([door, (door[0], street)])
