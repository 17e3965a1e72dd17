"""The town's static map: walkable grid and location tree (area > room > object).

Built from a Tiled JSON file by `sim.location_tree.load_world_map`. Addresses are
"area", "area:room" or "area:room:object", the names agents use for places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from agents.contract import address_index, resolve_in_index

Tile = tuple[int, int]


@dataclass(frozen=True)
class Rect:
    """A rectangle of whole tiles: x, y of the top-left tile, width, height."""

    x: int
    y: int
    w: int
    h: int

    def contains(self, tile: Tile) -> bool:
        tx, ty = tile
        return self.x <= tx < self.x + self.w and self.y <= ty < self.y + self.h

    def inside(self, other: Rect) -> bool:
        return (
            other.x <= self.x
            and other.y <= self.y
            and self.x + self.w <= other.x + other.w
            and self.y + self.h <= other.y + other.h
        )

    def tiles(self) -> list[Tile]:
        return [
            (x, y) for y in range(self.y, self.y + self.h) for x in range(self.x, self.x + self.w)
        ]


@dataclass(frozen=True)
class Area:
    """A named part of the town: a house, the café, the park."""

    name: str
    rect: Rect
    kind: str = ""  # "home", "cafe", "park", ... from the Tiled object's "kind" property


@dataclass(frozen=True)
class Room:
    name: str
    area: str
    rect: Rect

    @property
    def address(self) -> str:
        return f"{self.area}:{self.name}"


@dataclass(frozen=True)
class MapObject:
    """Something an agent can use: a bed, a stove, a counter; it has a state."""

    name: str
    area: str
    room: str
    rect: Rect
    state: str = "idle"

    @property
    def address(self) -> str:
        return f"{self.area}:{self.room}:{self.name}"


@dataclass(frozen=True)
class SpawnPoint:
    name: str
    tile: Tile


@dataclass(frozen=True)
class WorldMap:
    """Everything static about a town; positions and states live in `WorldState`."""

    path: Path
    width: int
    height: int
    tile_size: int
    blocked: np.ndarray  # shape (height, width), True where no agent may stand
    areas: dict[str, Area]
    rooms: dict[str, Room]  # keyed by "area:room"
    objects: dict[str, MapObject]  # keyed by "area:room:object"
    spawns: dict[str, SpawnPoint]
    _walkable_by_address: dict[str, tuple[Tile, ...]] = field(default_factory=dict, repr=False)
    _place_by_tile: dict[Tile, str] = field(default_factory=dict, repr=False, compare=False)

    def walkable(self, tile: Tile) -> bool:
        x, y = tile
        return 0 <= x < self.width and 0 <= y < self.height and not self.blocked[y, x]

    def place_at(self, tile: Tile) -> str:
        """The deepest "area:room" address containing a tile, or "outdoors"."""
        place = self._place_by_tile.get(tile)
        if place is None:
            place = self._place_by_tile[tile] = self._find_place(tile)
        return place

    def _find_place(self, tile: Tile) -> str:
        for room in self.rooms.values():
            if room.rect.contains(tile):
                return room.address
        for area in self.areas.values():
            if area.rect.contains(tile):
                return area.name
        return "outdoors"

    def addresses(self) -> list[str]:
        """Every address on the location tree, areas first, in a stable order."""
        return list(self._addresses)

    @cached_property
    def _addresses(self) -> tuple[str, ...]:
        # The tree does not change during a run: sorted once.
        return (*sorted(self.areas), *sorted(self.rooms), *sorted(self.objects))

    @cached_property
    def _address_index(self) -> dict[str, str]:
        return address_index(self._addresses)

    def resolve(self, address: str) -> str | None:
        """The address on the map that `address` names (see `resolve_address`); else None."""
        return resolve_in_index(address, self._address_index)

    def target_tiles(self, address: str) -> tuple[Tile, ...]:
        """Walkable tiles where an agent stands to be at an address (next to an object)."""
        cached = self._walkable_by_address.get(address)
        if cached is not None:
            return cached
        if address in self.objects:
            rect = self.objects[address].rect
            ring = Rect(rect.x - 1, rect.y - 1, rect.w + 2, rect.h + 2).tiles()
            tiles = [t for t in rect.tiles() if self.walkable(t)]
            tiles += [t for t in ring if not rect.contains(t) and self.walkable(t)]
        elif address in self.rooms:
            tiles = [t for t in self.rooms[address].rect.tiles() if self.walkable(t)]
        elif address in self.areas:
            tiles = [t for t in self.areas[address].rect.tiles() if self.walkable(t)]
        else:
            tiles = []
        result = tuple(tiles)
        self._walkable_by_address[address] = result
        return result
