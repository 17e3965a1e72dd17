"""The engine's map of a town, built from a Tiled map: walkable tiles and the location tree.

The tile layer named `collision` says which tiles block walking (any non-zero
tile). The object group named `locations` holds rectangles of four types:
areas, rooms inside exactly one area, objects inside exactly one room, and
spawn points on walkable tiles. Anything inconsistent raises `WorldError`
naming the file, the object and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import WorldError
from sim.tiled import TiledMap, TiledObject, read_tiled
from sim.world_map import Area, MapObject, Rect, Room, SpawnPoint, WorldMap

KINDS = ("area", "room", "object", "spawn")


@dataclass(frozen=True)
class _Drawn:
    """One object of the `locations` group: its name, its tiles, and the object itself."""

    name: str
    rect: Rect
    obj: TiledObject


def load_world_map(path: str | Path) -> WorldMap:
    """The engine's map of a town: walkable grid and location tree, from a Tiled file."""
    return build_world_map(read_tiled(path))


def build_world_map(tiled: TiledMap) -> WorldMap:
    """The walkable grid and location tree of a read map, checked for consistency."""
    path = tiled.path
    blocked = _blocked(tiled)
    drawn = _locations(tiled)
    areas = _areas(path, drawn["area"])
    rooms = _rooms(path, drawn["room"], areas)
    return WorldMap(
        path=path,
        width=tiled.width,
        height=tiled.height,
        tile_size=tiled.tilewidth,
        blocked=blocked,
        areas=areas,
        rooms=rooms,
        objects=_objects(path, drawn["object"], rooms),
        spawns=_spawns(path, drawn["spawn"], blocked),
    )


def _blocked(tiled: TiledMap) -> np.ndarray:
    """Which tiles block walking: the non-zero tiles of the `collision` layer."""
    collision = tiled.layer("collision")
    if collision is None:
        names = ", ".join(f'"{layer.name}"' for layer in tiled.tile_layers) or "none"
        raise WorldError(
            f'{tiled.path}: no tile layer named "collision" (tile layers: {names}); '
            "expected one where a non-zero tile blocks walking"
        )
    return collision.gids != 0


def _locations(tiled: TiledMap) -> dict[str, list[_Drawn]]:
    """The objects of the `locations` group, by type, each read as a rectangle of tiles."""
    if "locations" not in tiled.object_groups:
        raise WorldError(
            f'{tiled.path}: no object group named "locations"; expected one holding the '
            "area, room, object and spawn rectangles"
        )
    by_kind: dict[str, list[_Drawn]] = {kind: [] for kind in KINDS}
    for obj in tiled.object_groups["locations"]:
        kind, name, rect = _read_location(tiled, obj)
        by_kind[kind].append(_Drawn(name, rect, obj))
    return by_kind


def _areas(path: Path, drawn: list[_Drawn]) -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for d in drawn:
        if d.name in areas:
            raise WorldError(f'{path}: {d.obj.label}: a second area named "{d.name}"')
        for other in areas.values():
            if _overlap(d.rect, other.rect):
                raise WorldError(f'{path}: {d.obj.label}: overlaps area "{other.name}"')
        kind = d.obj.properties.get("kind")
        areas[d.name] = Area(name=d.name, rect=d.rect, kind=str(kind or ""))
    return areas


def _rooms(path: Path, drawn: list[_Drawn], areas: dict[str, Area]) -> dict[str, Room]:
    rooms: dict[str, Room] = {}
    by_area: dict[str, list[Room]] = {}
    parents = _Boxes({a.name: a.rect for a in areas.values()})
    for d in drawn:
        area = _parent(path, d, "area", parents)
        room = Room(name=d.name, area=area, rect=d.rect)
        if room.address in rooms:
            raise WorldError(f'{path}: {d.obj.label}: area "{area}" has a second room "{d.name}"')
        for other in by_area.get(area, []):
            if _overlap(d.rect, other.rect):
                raise WorldError(f'{path}: {d.obj.label}: overlaps room "{other.address}"')
        rooms[room.address] = room
        by_area.setdefault(area, []).append(room)
    return rooms


def _objects(path: Path, drawn: list[_Drawn], rooms: dict[str, Room]) -> dict[str, MapObject]:
    objects: dict[str, MapObject] = {}
    parents = _Boxes({r.address: r.rect for r in rooms.values()})
    for d in drawn:
        address = _parent(path, d, "room", parents)
        area, room_name = address.split(":")
        state = d.obj.properties.get("state")
        item = MapObject(d.name, area, room_name, d.rect, str(state) if state else "idle")
        if item.address in objects:
            raise WorldError(f'{path}: {d.obj.label}: room "{address}" has a second "{d.name}"')
        objects[item.address] = item
    return objects


def _spawns(path: Path, drawn: list[_Drawn], blocked: np.ndarray) -> dict[str, SpawnPoint]:
    spawns: dict[str, SpawnPoint] = {}
    for d in drawn:
        tile = (d.rect.x + (d.rect.w - 1) // 2, d.rect.y + (d.rect.h - 1) // 2)
        if d.name in spawns:
            raise WorldError(f'{path}: {d.obj.label}: a second spawn point named "{d.name}"')
        if blocked[tile[1], tile[0]]:
            raise WorldError(
                f"{path}: {d.obj.label}: spawn point stands on tile {tile}, which the collision "
                "layer blocks; expected a walkable tile"
            )
        spawns[d.name] = SpawnPoint(name=d.name, tile=tile)
    return spawns


def _read_location(tiled: TiledMap, obj: TiledObject) -> tuple[str, str, Rect]:
    """Type, name and tile rectangle of one object of the `locations` group."""
    path = tiled.path
    kind = obj.type.strip().lower()
    if kind not in KINDS:
        raise WorldError(
            f'{path}: {obj.label}: unknown type "{kind}"; expected one of {", ".join(KINDS)}'
        )
    name = obj.name.strip()
    if not name:
        raise WorldError(f"{path}: {obj.label}: has no name; every {kind} needs one")
    if ":" in name:
        raise WorldError(f"{path}: {obj.label}: a name may not contain ':'")
    x, y, w, h = obj.x, obj.y, obj.width, obj.height
    size = tiled.tilewidth
    if obj.gid is not None:  # tile objects are anchored at their bottom-left corner
        y -= h
    if obj.point or (w == 0 and h == 0):
        if kind != "spawn":
            raise WorldError(f"{path}: {obj.label}: a {kind} must be a rectangle, not a point")
        rect = Rect(int(x // size), int(y // size), 1, 1)
    else:
        # Snap edges to the nearest tile line so slightly-off drawing still means whole tiles.
        x0, y0 = round(x / size), round(y / size)
        x1, y1 = max(round((x + w) / size), x0 + 1), max(round((y + h) / size), y0 + 1)
        rect = Rect(x0, y0, x1 - x0, y1 - y0)
    if not rect.inside(Rect(0, 0, tiled.width, tiled.height)):
        raise WorldError(
            f"{path}: {obj.label}: tiles x={rect.x}..{rect.x + rect.w - 1}, "
            f"y={rect.y}..{rect.y + rect.h - 1} fall outside the "
            f"{tiled.width}x{tiled.height} map"
        )
    return kind, name, rect


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


class _Boxes:
    """Named rectangles indexed by a coarse grid, so that a big town's lookups stay local."""

    CELL = 16  # tiles per side of a grid cell

    def __init__(self, boxes: dict[str, Rect]) -> None:
        self.boxes = boxes
        self._order = {name: i for i, name in enumerate(boxes)}
        self._cells: dict[tuple[int, int], list[str]] = {}
        for name, box in boxes.items():
            for cell in self._cells_of(box):
                self._cells.setdefault(cell, []).append(name)

    def _cells_of(self, r: Rect) -> list[tuple[int, int]]:
        c = self.CELL
        return [
            (cx, cy)
            for cy in range(r.y // c, (r.y + r.h - 1) // c + 1)
            for cx in range(r.x // c, (r.x + r.w - 1) // c + 1)
        ]

    def near(self, r: Rect) -> list[str]:
        """The names of the boxes sharing a grid cell with `r`, in their given order."""
        found = {name for cell in self._cells_of(r) for name in self._cells.get(cell, ())}
        return sorted(found, key=self._order.__getitem__)


def _parent(path: Path, d: _Drawn, kind: str, boxes: _Boxes) -> str:
    """The one parent (area of a room, room of an object) whose rectangle holds `d`."""
    holders = [name for name in boxes.near(d.rect) if d.rect.inside(boxes.boxes[name])]
    if len(holders) == 1:
        return holders[0]
    parents = boxes.boxes
    if len(holders) > 1:
        raise WorldError(
            f"{path}: {d.obj.label}: lies inside more than one {kind} "
            f"({', '.join(holders)}); expected exactly one"
        )
    touched = [name for name, box in parents.items() if _overlap(d.rect, box)]
    if len(touched) > 1:
        where = f"overlaps {len(touched)} {kind}s ({', '.join(touched)})"
    elif touched:
        where = f'sticks out of {kind} "{touched[0]}"'
    else:
        where = f"lies outside every {kind}"
    raise WorldError(f"{path}: {d.obj.label}: {where}; expected it inside exactly one {kind}")
