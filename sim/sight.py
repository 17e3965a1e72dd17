"""What a resident can see: the agents and objects within its vision radius.

Both are found through a grid of buckets whose side is the vision radius.
Whatever lies within that radius of a tile (counting diagonal steps as one)
is in the tile's bucket or one of the eight around it, so a look reads nine
buckets instead of the whole town. Residents are bucketed afresh at every
tick; objects do not move, so their buckets are made once per map and radius.
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


_OBJECT_BUCKETS: dict[tuple[int, int], tuple[WorldMap, Buckets[str]]] = {}
_KEPT_MAPS = 8


def object_buckets(world_map: WorldMap, radius: int) -> Buckets[str]:
    """The map's object addresses in buckets for `radius`, made once and kept."""
    key = (id(world_map), radius)
    held = _OBJECT_BUCKETS.get(key)
    if held is not None and held[0] is world_map:
        return held[1]
    buckets: Buckets[str] = Buckets(radius)
    for address, obj in world_map.objects.items():
        buckets.add_rect(address, obj.rect)
    if len(_OBJECT_BUCKETS) >= _KEPT_MAPS:
        _OBJECT_BUCKETS.pop(next(iter(_OBJECT_BUCKETS)))
    # Holding the map keeps its id from being reused by another while the entry lives.
    _OBJECT_BUCKETS[key] = (world_map, buckets)
    return buckets


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
        self._objects = object_buckets(world_map, vision_radius)
        self._places: dict[Tile, str] = {}

    def place(self, tile: Tile) -> str:
        """The map's address at a tile, looked up once per tile per tick."""
        place = self._places.get(tile)
        if place is None:
            place = self._places[tile] = self.world_map.place_at(tile)
        return place

    def agents(self, body: Body) -> list[SeenAgent]:
        """The other agents within `body`'s vision radius, nearest first (ties by name)."""
        seen = (
            SeenAgent(
                name=other.name,
                tile=other.tile,
                action=action_text(other),
                place=self.place(other.tile),
                distance=distance(body.tile, other.tile),
            )
            for other in self._bodies.near(body.tile)
            if other.name != body.name and distance(body.tile, other.tile) <= self.radius
        )
        return sorted(seen, key=lambda s: (s.distance, s.name))

    def objects(self, body: Body) -> list[SeenObject]:
        """The objects within `body`'s vision radius and their states, nearest first."""
        objects = self.world_map.objects
        seen = []
        for address in dict.fromkeys(self._objects.near(body.tile)):
            gap = rect_distance(objects[address].rect, body.tile)
            if gap <= self.radius:
                state = self.state.objects.get(address, objects[address].state)
                seen.append(SeenObject(address=address, state=state, distance=gap))
        return sorted(seen, key=lambda s: (s.distance, s.address))
