"""What a resident can see: the agents and objects within its vision radius.

Both are found through a grid of buckets whose side is the vision radius.
Whatever lies within that radius of a tile (counting diagonal steps as one)
is in the tile's bucket or one of the eight around it, so a look reads nine
buckets instead of the whole town. Residents are bucketed afresh at every
tick; objects do not move, so the objects within sight of a tile are found
once per map, radius and tile, and so is the tile's address.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from agents.contract import SeenAgent, SeenObject
from sim.world_map import Rect, WorldMap
from sim.world_state import Body, WorldState

Tile = tuple[int, int]
T = TypeVar("T")


def distance(a: Tile, b: Tile) -> int:
    """Tiles between two places, counting diagonal steps as one (a square field of view)."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def rect_distance(rect: Rect, tile: Tile) -> int:
    """Tiles from `tile` to the nearest tile of `rect` (0 inside it)."""
    dx = max(rect.x - tile[0], 0, tile[0] - (rect.x + rect.w - 1))
    dy = max(rect.y - tile[1], 0, tile[1] - (rect.y + rect.h - 1))
    return max(dx, dy)


def action_text(body: Body) -> str:
    """What others see an agent doing."""
    if body.conversation:
        return "talking"
    if body.action is None:
        return "idle"
    return body.action.description


class Buckets(Generic[T]):
    """Items filed by the square of the grid they lie in; side = the radius looked within."""

    def __init__(self, radius: int) -> None:
        self.side = max(1, radius)
        self._cells: dict[Tile, list[T]] = {}

    def _cell(self, x: int, y: int) -> Tile:
        return (x // self.side, y // self.side)

    def add(self, item: T, tile: Tile) -> None:
        self._cells.setdefault(self._cell(*tile), []).append(item)

    def add_rect(self, item: T, rect: Rect) -> None:
        """File an item that covers a rectangle in every square the rectangle touches."""
        x0, y0 = self._cell(rect.x, rect.y)
        x1, y1 = self._cell(rect.x + rect.w - 1, rect.y + rect.h - 1)
        for cx in range(x0, x1 + 1):
            for cy in range(y0, y1 + 1):
                self._cells.setdefault((cx, cy), []).append(item)

    def near(self, tile: Tile) -> Iterator[T]:
        """Every item filed in the tile's square or the eight around it (once per filing)."""
        cx, cy = self._cell(*tile)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                yield from self._cells.get((cx + dx, cy + dy), ())


class MapSight:
    """What stays true of a map for a vision radius: where its objects are, what each tile is."""

    def __init__(self, world_map: WorldMap, radius: int) -> None:
        self.world_map = world_map
        self.radius = radius
        self.objects: Buckets[str] = Buckets(radius)
        for address, obj in world_map.objects.items():
            self.objects.add_rect(address, obj.rect)
        self._places: dict[Tile, str] = {}
        self._in_sight: dict[Tile, tuple[tuple[int, str], ...]] = {}

    def objects_near(self, tile: Tile) -> tuple[tuple[int, str], ...]:
        """(distance, address) of the objects within the radius of a tile, nearest first.

        Ties go by address; found once per tile.
        """
        near = self._in_sight.get(tile)
        if near is None:
            objects, radius = self.world_map.objects, self.radius
            near = self._in_sight[tile] = tuple(
                sorted(
                    (gap, address)
                    for address in dict.fromkeys(self.objects.near(tile))
                    if (gap := rect_distance(objects[address].rect, tile)) <= radius
                )
            )
        return near

    def place(self, tile: Tile) -> str:
        """The map's address at a tile, looked up once per tile."""
        place = self._places.get(tile)
        if place is None:
            place = self._places[tile] = self.world_map.place_at(tile)
        return place


_KEPT: dict[tuple[int, int], MapSight] = {}
_KEPT_MAPS = 8


def map_sight(world_map: WorldMap, radius: int) -> MapSight:
    """The map's `MapSight` for `radius`, made once and kept while the map is in use."""
    key = (id(world_map), radius)
    held = _KEPT.get(key)
    # The entry holds its map, so no other map can take the same id while it lives.
    if held is not None and held.world_map is world_map:
        return held
    if len(_KEPT) >= _KEPT_MAPS:
        _KEPT.pop(next(iter(_KEPT)))
    held = _KEPT[key] = MapSight(world_map, radius)
    return held


class Sight:
    """Who and what each agent sees at one tick, nearest first."""

    def __init__(
        self, state: WorldState, world_map: WorldMap, bodies: Iterable[Body], vision_radius: int
    ) -> None:
        self.state = state
        self.world_map = world_map
        self.radius = vision_radius
        self._bodies: Buckets[Body] = Buckets(vision_radius)
        for body in bodies:
            self._bodies.add(body, body.tile)
        self._map = map_sight(world_map, vision_radius)

    def place(self, tile: Tile) -> str:
        """The map's address at a tile."""
        return self._map.place(tile)

    def agents(self, body: Body, limit: int | None = None) -> list[tuple[int, str, Body]]:
        """(distance, name, body) of the other agents within `body`'s vision radius.

        Nearest first, ties by name; `limit` keeps only the nearest so many.
        """
        tile, radius = body.tile, self.radius
        near = sorted(
            (gap, other.name, other)
            for other in self._bodies.near(tile)
            if (gap := distance(tile, other.tile)) <= radius and other.name != body.name
        )
        return near[:limit]

    def objects(self, body: Body, limit: int | None = None) -> list[tuple[int, str, str]]:
        """(distance, address, state) of the objects within `body`'s vision radius.

        Nearest first, ties by address; `limit` keeps only the nearest so many.
        """
        objects, states = self.world_map.objects, self.state.objects
        return [
            (gap, address, states.get(address, objects[address].state))
            for gap, address in self._map.objects_near(body.tile)[:limit]
        ]

    def seen_agents(self, near: list[tuple[int, str, Body]]) -> tuple[SeenAgent, ...]:
        """The records of agents found by `agents`, for a perception."""
        return tuple(
            SeenAgent(
                name=name,
                tile=other.tile,
                action=action_text(other),
                place=self.place(other.tile),
                distance=gap,
            )
            for gap, name, other in near
        )


def seen_objects(near: list[tuple[int, str, str]]) -> tuple[SeenObject, ...]:
    """The records of objects found by `Sight.objects`, for a perception."""
    return tuple(
        SeenObject(address=address, state=state, distance=gap) for gap, address, state in near
    )
