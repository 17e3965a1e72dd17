"""Build a town map in code and save it as a Tiled JSON map the engine and Tiled both open.

    m = MapMaker(24, 16)
    house = m.area("Alder House", 0, 0, 9, 7, kind="home")
    kitchen = house.room("kitchen", 5, 1, 3, 5, doors=["south"])
    kitchen.object("stove", 5, 1, tile="stove")
    m.path([(0, 7), (23, 7)])
    m.spawn("Mara Quill", 6, 3)
    m.save("worlds/mytown/map.tmj")

Coordinates are whole tiles, absolute on the map. A room is given by its
floor (the tiles inside its walls); its walls are drawn on the ring around it,
so two rooms side by side share the wall between them. Doors are openings in
that ring and win over any wall drawn later. Tiles are asked for by name from
the tileset (`worlds/tileset/hamlet.tsj`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.location_tree import load_world_map
from sim.tiled import Tileset, read_tileset
from sim.world_map import Rect, Tile

DEFAULT_TILESET = Path(__file__).resolve().parent.parent / "tileset" / "hamlet.tsj"
LAYERS = ("ground", "floor", "walls", "furniture", "decor", "collision")

# Furniture that spans several tiles: rows of tile names, top to bottom.
SHAPES: dict[str, list[list[str]]] = {
    "bed": [["bed_head"], ["bed_foot"]],
    "double_bed": [["bed_head", "bed_head"], ["bed_foot", "bed_foot"]],
}
_SIDES = ("north", "south", "east", "west")


class MapMaker:
    """A map under construction: tile layers, collision, and the location tree."""

    def __init__(
        self, width: int, height: int, *, ground: str = "grass", tileset: Path = DEFAULT_TILESET
    ) -> None:
        self.width, self.height = width, height
        self.tileset: Tileset = read_tileset(tileset)
        self.tileset_path = Path(tileset).resolve()
        self.tile_size = self.tileset.tilewidth
        self.layers = {name: np.zeros((height, width), dtype=np.uint32) for name in LAYERS}
        self.layers["ground"][:, :] = self.gid(ground)
        self.areas: dict[str, AreaMaker] = {}
        self.spawns: dict[str, Tile] = {}
        self.doors: set[Tile] = set()

    # --- tiles ------------------------------------------------------------------------------

    def gid(self, tile: str) -> int:
        """The global id of a tile name; ValueError listing the known names."""
        try:
            return self.tileset.gid_of(tile)
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None

    def fill(
        self,
        x: int,
        y: int,
        w: int,
        h: int,
        tile: str,
        *,
        layer: str = "ground",
        blocks: bool | None = None,
    ) -> None:
        """Paint a rectangle of one tile; `blocks` sets (True) or clears (False) collision."""
        self._check_rect(Rect(x, y, w, h), f'fill "{tile}"')
        self.layers[layer][y : y + h, x : x + w] = self.gid(tile) if tile else 0
        if blocks is not None:
            self.layers["collision"][y : y + h, x : x + w] = self.gid("collision") if blocks else 0

    def paint(
        self, x: int, y: int, tile: str, *, layer: str = "decor", blocks: bool | None = None
    ) -> None:
        """Paint one tile, e.g. a flower bed on the decor layer."""
        self.fill(x, y, 1, 1, tile, layer=layer, blocks=blocks)

    def tree(self, x: int, y: int, tile: str = "tree") -> None:
        """A tree, bush or rock: drawn on the decor layer and not walkable."""
        self.paint(x, y, tile, layer="decor", blocks=True)

    def block(self, x: int, y: int, w: int = 1, h: int = 1) -> None:
        """Mark tiles as not walkable without drawing anything (water, cliffs)."""
        self.fill(x, y, w, h, "collision", layer="collision")

    def path(self, points: Sequence[Tile], *, tile: str = "path", width: int = 1) -> None:
        """A walkable path through straight legs between points (each leg along x or y)."""
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            if x0 != x1 and y0 != y1:
                raise ValueError(f"path leg {(x0, y0)} -> {(x1, y1)} is diagonal; add a corner")
            # Legs are `width` tiles thick, growing right/down, and overlap at corners.
            w = abs(x1 - x0) + width if y0 == y1 else width
            h = abs(y1 - y0) + width if x0 == x1 else width
            left, top = min(x0, x1), min(y0, y1)
            w, h = min(w, self.width - left), min(h, self.height - top)
            self.fill(left, top, w, h, tile, blocks=False)

    # --- places -----------------------------------------------------------------------------

    def area(
        self,
        name: str,
        x: int,
        y: int,
        w: int,
        h: int,
        *,
        kind: str = "",
        ground: str | None = None,
    ) -> AreaMaker:
        """A named part of the town (a house, the café, the park); `ground` repaints it."""
        rect = Rect(x, y, w, h)
        self._check_rect(rect, f'area "{name}"')
        _check_name(name, f'area "{name}"')
        if name in self.areas:
            raise ValueError(f'area "{name}" is defined twice')
        for other in self.areas.values():
            if _overlap(rect, other.rect):
                raise ValueError(f'area "{name}" overlaps area "{other.name}"')
        if ground:
            self.fill(x, y, w, h, ground)
        made = AreaMaker(self, name, rect, kind)
        self.areas[name] = made
        return made

    def spawn(self, name: str, x: int, y: int) -> None:
        """A spawn point: a persona's name (where it starts) or a free label."""
        _check_name(name, f'spawn "{name}"')
        self._check_rect(Rect(x, y, 1, 1), f'spawn "{name}"')
        if name in self.spawns:
            raise ValueError(f'spawn "{name}" is defined twice')
        self.spawns[name] = (x, y)

    # --- output -----------------------------------------------------------------------------

    def blocked(self) -> np.ndarray:
        """The collision grid as it will be saved (doors open)."""
        grid = self.layers["collision"] != 0
        for x, y in self.doors:
            grid[y, x] = False
        return grid

    def preview(self) -> str:
        """A text picture of walkability: '#' blocked, '+' door, '@' spawn, '.' free."""
        grid = self.blocked()
        rows = [["#" if cell else "." for cell in row] for row in grid]
        for x, y in self.doors:
            rows[y][x] = "+"
        for x, y in self.spawns.values():
            rows[y][x] = "@"
        return "\n".join("".join(row) for row in rows)

    def to_json(self, map_path: Path) -> dict[str, Any]:
        """The Tiled map as a JSON-ready dict, its tileset referenced relative to `map_path`."""
        layers = {name: grid.copy() for name, grid in self.layers.items()}
        for x, y in self.doors:
            layers["walls"][y, x] = self.gid("door")
            layers["collision"][y, x] = 0
        tile_layers = [
            {
                "id": i + 1, "name": name, "type": "tilelayer", "x": 0, "y": 0,
                "width": self.width, "height": self.height, "opacity": 1,
                "visible": name != "collision", "data": grid.flatten().tolist(),
            }
            for i, (name, grid) in enumerate(layers.items())
        ]  # fmt: skip
        objects = self._location_objects()
        source = os.path.relpath(self.tileset_path, Path(map_path).resolve().parent)
        return {
            "type": "map", "version": "1.10", "tiledversion": "1.10.2",
            "orientation": "orthogonal", "renderorder": "right-down", "infinite": False,
            "width": self.width, "height": self.height,
            "tilewidth": self.tile_size, "tileheight": self.tile_size,
            "compressionlevel": -1, "nextlayerid": len(tile_layers) + 2,
            "nextobjectid": len(objects) + 1,
            "tilesets": [{"firstgid": 1, "source": Path(source).as_posix()}],
            "layers": tile_layers + [{
                "id": len(tile_layers) + 1, "name": "locations", "type": "objectgroup",
                "draworder": "topdown", "opacity": 1, "visible": True, "x": 0, "y": 0,
                "objects": objects,
            }],
        }  # fmt: skip

    def save(self, path: str | Path, *, check: bool = True) -> Path:
        """Write the map (one line per tile row, to diff well); then load it back to check."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.to_json(path)
        rows: dict[str, str] = {}
        for layer in data["layers"]:
            if layer["type"] == "tilelayer":
                key = f"@rows:{layer['name']}@"
                cells = layer["data"]
                lines = [
                    ",".join(str(g) for g in cells[r * self.width : (r + 1) * self.width])
                    for r in range(self.height)
                ]
                rows[key] = "[\n   " + ",\n   ".join(lines) + "\n  ]"
                layer["data"] = key
        text = json.dumps(data, indent=1, ensure_ascii=False)
        for key, block in rows.items():
            text = text.replace(json.dumps(key), block)
        path.write_text(text + "\n", encoding="utf-8")
        if check:
            load_world_map(path)
        return path

    def _location_objects(self) -> list[dict[str, Any]]:
        size = self.tile_size
        objects: list[dict[str, Any]] = []

        def add(kind: str, name: str, rect: Rect, props: dict[str, str], point: bool = False):
            obj: dict[str, Any] = {
                "id": len(objects) + 1, "name": name, "type": kind, "visible": True,
                "rotation": 0, "x": rect.x * size, "y": rect.y * size,
                "width": 0 if point else rect.w * size, "height": 0 if point else rect.h * size,
            }  # fmt: skip
            if point:
                obj.update(point=True, x=(rect.x + 0.5) * size, y=(rect.y + 0.5) * size)
            if props:
                obj["properties"] = [
                    {"name": k, "type": "string", "value": v} for k, v in props.items()
                ]
            objects.append(obj)

        for area in self.areas.values():
            add("area", area.name, area.rect, {"kind": area.kind} if area.kind else {})
            for room in area.rooms.values():
                add("room", room.name, room.rect, {})
                for name, (rect, state) in room.objects.items():
                    add("object", name, rect, {"state": state} if state != "idle" else {})
        for name, (x, y) in self.spawns.items():
            add("spawn", name, Rect(x, y, 1, 1), {}, point=True)
        return objects

    def _check_rect(self, rect: Rect, what: str) -> None:
        if not rect.inside(Rect(0, 0, self.width, self.height)) or rect.w < 1 or rect.h < 1:
            raise ValueError(f"{what}: {rect} is not inside the {self.width}x{self.height} map")


class AreaMaker:
    """An area being built; add rooms to it."""

    def __init__(self, maker: MapMaker, name: str, rect: Rect, kind: str) -> None:
        self.maker, self.name, self.rect, self.kind = maker, name, rect, kind
        self.rooms: dict[str, RoomMaker] = {}

    def room(
        self,
        name: str,
        x: int,
        y: int,
        w: int,
        h: int,
        *,
        floor: str = "floor_wood",
        walls: str | None = "wall",
        doors: Iterable[str | Tile] = (),
    ) -> RoomMaker:
        """A room by its floor rectangle; walls (unless None) on the ring around it.

        `doors` are "north"/"south"/"east"/"west" (the middle of that wall) or wall tiles.
        """
        rect = Rect(x, y, w, h)
        what = f'room "{self.name}:{name}"'
        _check_name(name, what)
        outer = Rect(x - 1, y - 1, w + 2, h + 2) if walls else rect
        if not outer.inside(self.rect):
            raise ValueError(f"{what}: {outer} (with its walls) is not inside the area {self.rect}")
        if name in self.rooms:
            raise ValueError(f"{what} is defined twice")
        for other in self.rooms.values():
            if _overlap(rect, other.rect):
                raise ValueError(f'{what} overlaps room "{other.name}"')
        m = self.maker
        if walls:
            m.fill(outer.x, outer.y, outer.w, outer.h, walls, layer="walls", blocks=True)
        m.fill(x, y, w, h, floor, layer="floor")
        m.layers["walls"][y : y + h, x : x + w] = 0
        m.layers["collision"][y : y + h, x : x + w] = 0
        made = RoomMaker(self, name, rect)
        for door in doors:
            made.door(door)
        self.rooms[name] = made
        return made


class RoomMaker:
    """A room being built; add furniture objects and doors to it."""

    def __init__(self, area: AreaMaker, name: str, rect: Rect) -> None:
        self.area, self.name, self.rect = area, name, rect
        self.objects: dict[str, tuple[Rect, str]] = {}

    def door(self, where: str | Tile) -> Tile:
        """Open a door in this room's wall: a side's middle or a wall tile (x, y)."""
        r = self.rect
        if isinstance(where, str):
            if where not in _SIDES:
                raise ValueError(f'room "{self.name}": door side "{where}"; expected {_SIDES}')
            mid_x, mid_y = r.x + (r.w - 1) // 2, r.y + (r.h - 1) // 2
            tile = {
                "north": (mid_x, r.y - 1),
                "south": (mid_x, r.y + r.h),
                "west": (r.x - 1, mid_y),
                "east": (r.x + r.w, mid_y),
            }[where]
        else:
            tile = (int(where[0]), int(where[1]))
            ring = Rect(r.x - 1, r.y - 1, r.w + 2, r.h + 2)
            corner = tile[0] in (ring.x, ring.x + ring.w - 1) and tile[1] in (
                ring.y,
                ring.y + ring.h - 1,
            )
            if not ring.contains(tile) or r.contains(tile) or corner:
                raise ValueError(
                    f'room "{self.name}": door {tile} must be on its surrounding wall, not a corner'
                )
        self.area.maker.doors.add(tile)
        return tile

    def object(
        self,
        name: str,
        x: int,
        y: int,
        *,
        tile: str | None = None,
        w: int | None = None,
        h: int | None = None,
        state: str = "idle",
        blocks: bool = True,
    ) -> None:
        """Furniture agents use: drawn with `tile` (or a multi-tile shape), not walkable."""
        what = f'object "{self.area.name}:{self.name}:{name}"'
        _check_name(name, what)
        tile = tile or name
        shape = SHAPES.get(tile)
        if shape is None:
            shape = [[tile] * (w or 1)] * (h or 1)
        rect = Rect(x, y, len(shape[0]), len(shape))
        if not rect.inside(self.rect):
            raise ValueError(f"{what}: {rect} is not inside the room's floor {self.rect}")
        if name in self.objects:
            raise ValueError(f"{what} is defined twice")
        for other_name, (other, _) in self.objects.items():
            if _overlap(rect, other):
                raise ValueError(f'{what} overlaps object "{other_name}"')
        m = self.area.maker
        for part in {part for row in shape for part in row}:
            m.gid(part)  # an unknown tile name fails before anything is drawn
        for dy, row in enumerate(shape):
            for dx, part in enumerate(row):
                m.paint(x + dx, y + dy, part, layer="furniture", blocks=blocks)
        self.objects[name] = (rect, state)


def _check_name(name: str, what: str) -> None:
    if not name.strip() or ":" in name:
        raise ValueError(f"{what}: a name must be non-empty and may not contain ':'")


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h
