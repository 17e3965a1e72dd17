"""The map's share of the independence rule: boxes of tiles, how near two residents must
come to affect each other, and how far a free resident's reach grows as it walks.

A free resident walks one tile a tick to one of four neighbours and may take
up any object it comes next to: its reach then takes in that object too
(`Reach.extents_from`: within a square and a diamond around where it became
free, each grown by the objects within its walk; the largest object of the
map, `Reach.extent`, bounds the square's growth).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from sim.world_map import WorldMap

Tile = tuple[int, int]
NEVER = 1 << 40


@dataclass(frozen=True)
class Box:
    """Tiles x0..x1, y0..y1 (inclusive): a resident's tile, an object, a walking range."""

    x0: int
    y0: int
    x1: int
    y1: int

    @classmethod
    def around(cls, tile: Tile, radius: int = 0) -> Box:
        x, y = tile
        return cls(x - radius, y - radius, x + radius, y + radius)

    def grown(self, by: int) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by) if by else self

    def walk_from(self, tile: Tile) -> int:
        """Steps from `tile` to the nearest tile of the box, four neighbours a step."""
        x, y = tile
        dx = self.x0 - x if x < self.x0 else (x - self.x1 if x > self.x1 else 0)
        dy = self.y0 - y if y < self.y0 else (y - self.y1 if y > self.y1 else 0)
        return dx + dy

    def gap(self, other: Box) -> int:
        """Chebyshev distance between the nearest tiles of two boxes (0 when they overlap)."""
        # Comparisons rather than max(): the rule asks this millions of times a game day.
        dx, across = self.x0 - other.x1, other.x0 - self.x1
        if across > dx:
            dx = across
        dy, across = self.y0 - other.y1, other.y0 - self.y1
        if across > dy:
            dy = across
        if dy > dx:
            dx = dy
        return dx if dx > 0 else 0


FAR = Box(NEVER, NEVER, NEVER, NEVER)  # a box beyond every other


@dataclass(frozen=True)
class Reach:
    """The map's share of the rule: how near two residents must come to affect each other."""

    margin: int  # between the places (and held objects) of residents on their courses
    vision: int
    objects: dict[str, Box]
    near_object: np.ndarray  # (height, width): True where a resident sees some object
    remote_release: bool = True
    remote_occupy: bool = False  # some object cannot be reached: an action may occupy it from afar
    _profiles: dict[Tile | Box, Growth] = field(default_factory=dict, compare=False, repr=False)

    def sees_objects(self, tile: Tile) -> bool:
        x, y = tile
        h, w = self.near_object.shape
        return not (0 <= x < w and 0 <= y < h) or bool(self.near_object[y, x])

    @cached_property
    def _corners(self) -> np.ndarray:
        return corners_of(list(self.objects.values()))

    @cached_property
    def _sides(self) -> np.ndarray:
        """Each object's longer side."""
        corners = self._corners
        return np.maximum(corners[:, 2] - corners[:, 0], corners[:, 3] - corners[:, 1]) + 1

    @cached_property
    def extent(self) -> int:
        """The largest side of any object: what a free resident's reach grows by at most."""
        return int(self._sides.max()) if len(self._sides) else 0

    def extents_from(self, where: Tile | Box) -> Growth:
        """How a free resident's reach grows from a tile (or anywhere in a box), by the objects
        it may come next to."""
        growth = self._profiles.get(where)
        if growth is None:
            area = where if isinstance(where, Box) else Box.around(where)
            growth = self._profiles[where] = Growth.of(self._corners, self._sides, area)
        return growth


@dataclass(frozen=True)
class Steps:
    """A reach that grows one tile a tick plus `factor` times a side that steps up:
    `sides[k]` from walk `walks[k]` on."""

    walks: tuple[int, ...] = (0,)
    sides: tuple[int, ...] = (0,)
    factor: int = 1

    @classmethod
    def of(cls, walks: np.ndarray, sides: np.ndarray, factor: int) -> Steps:
        """From each object's walk (ticks until one may stand beside it) and side."""
        at, most = [0], [0]
        for w, side in sorted(zip(walks.tolist(), sides.tolist(), strict=True)):
            if side > most[-1]:
                if w == at[-1]:
                    most[-1] = side
                else:
                    at.append(w)
                    most.append(side)
        return cls(tuple(at), tuple(most), factor)

    def radius(self, walked: int) -> int:
        return walked + self.factor * self.sides[bisect.bisect_right(self.walks, walked) - 1]

    def walk_to(self, distance: int) -> int:
        """The fewest ticks walked (at least one) after which the reach is `distance` or more."""
        ends = (*self.walks[1:], NEVER)
        for start, end, side in zip(self.walks, ends, self.sides, strict=True):
            walked = max(start, distance - self.factor * side, 1)
            if walked < end:
                return walked
        raise AssertionError("unreachable: the last step never ends")

    def walks_to(self, distances: np.ndarray) -> np.ndarray:
        """`walk_to` of each of `distances`."""
        walks = np.full(distances.shape, -1, dtype=np.int64)
        ends = (*self.walks[1:], NEVER)
        for start, end, side in zip(self.walks, ends, self.sides, strict=True):
            walked = np.maximum(np.maximum(distances - self.factor * side, start), 1)
            fits = (walks < 0) & (walked < end)
            walks[fits] = walked[fits]
        return walks


@dataclass(frozen=True)
class Growth:
    """Where a free resident may be after walking w ticks from where it became free, with any
    object it may have come next to by then (it stands on or beside what it uses).

    It lies in two shapes around that place: a square of radius w plus the
    largest side of an object it may stand beside within w ticks (`square`),
    and a diamond of w steps, four neighbours a step, plus twice the largest
    side of an object it may stand beside within w steps (`diamond`: every
    tile of an object of side s is within 2 s steps of a tile beside it).
    """

    square: Steps = Steps()
    diamond: Steps = Steps(factor=2)

    @classmethod
    def of(cls, corners: np.ndarray, side: np.ndarray, area: Box) -> Growth:
        """Its growth from anywhere in `area`, among objects with these corners and sides."""
        across = np.maximum(corners[:, 0] - area.x1, area.x0 - corners[:, 2])
        down = np.maximum(corners[:, 1] - area.y1, area.y0 - corners[:, 3])
        square = np.maximum(np.maximum(across, down) - 1, 0)  # ticks until beside it
        steps = np.maximum(across - 1, 0) + np.maximum(down - 1, 0)
        return cls(Steps.of(square, side, 1), Steps.of(steps, side, 2))

    @property
    def steps(self) -> tuple[int, ...]:
        """The walks (from two on) at which either shape grows by more than a tile."""
        return tuple(sorted({w for s in (self.square, self.diamond) for w in s.walks if w >= 2}))


def reach_of(
    world_map: WorldMap,
    vision_radius: int,
    *,
    homes: Iterable[Tile] = (),
    remote_release: bool = True,
) -> Reach:
    """The rule's distances for a map: the vision radius, and the objects one may take up.

    `homes` are tiles residents stand on: each keeps to the walkable region
    it stands in, so only an object out of reach from one of those regions
    can be occupied from afar.
    """
    objects = {
        address: Box(
            obj.rect.x, obj.rect.y, obj.rect.x + obj.rect.w - 1, obj.rect.y + obj.rect.h - 1
        )
        for address, obj in world_map.objects.items()
    }
    near = np.zeros((world_map.height, world_map.width), dtype=bool)
    for box in objects.values():
        y0, x0 = max(box.y0 - vision_radius, 0), max(box.x0 - vision_radius, 0)
        near[y0 : box.y1 + vision_radius + 1, x0 : box.x1 + vision_radius + 1] = True
    return Reach(
        margin=vision_radius,
        vision=vision_radius,
        objects=objects,
        near_object=near,
        remote_release=remote_release,
        remote_occupy=not _all_objects_reachable(world_map, homes),
    )


def _region(world_map: WorldMap, start: Tile) -> set[Tile]:
    """The walkable tiles reachable from `start` (four neighbours, as agents walk)."""
    seen = {start}
    stack = [start]
    while stack:
        x, y = stack.pop()
        for step in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if step not in seen and world_map.walkable(step):
                seen.add(step)
                stack.append(step)
    return seen


def _all_objects_reachable(world_map: WorldMap, homes: Iterable[Tile]) -> bool:
    """True when, from every home's region, every object has a tile to stand at."""
    regions: list[set[Tile]] = []
    for home in homes:
        if not any(home in region for region in regions):
            regions.append(_region(world_map, home))
    return all(
        any(tile in region for tile in world_map.target_tiles(address))
        for region in regions
        for address in world_map.objects
    )


def corners_of(boxes: Sequence[Box]) -> np.ndarray:
    return np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], dtype=np.int64).reshape(-1, 4)


def gaps_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`Box.gap` of every box of `a` (rows: x0, y0, x1, y1) with every box of `b`."""
    dx = np.maximum(np.maximum(a[:, None, 0] - b[None, :, 2], b[None, :, 0] - a[:, None, 2]), 0)
    dy = np.maximum(np.maximum(a[:, None, 1] - b[None, :, 3], b[None, :, 1] - a[:, None, 3]), 0)
    return np.maximum(dx, dy)
