"""Find the way an agent walks: A* on the town's walkability grid.

Agents step one tile at a time to one of the four neighbours (no diagonals).
`find_path` returns the tiles to walk to the nearest of several goal tiles.

Tie-breaking is deterministic, so a run with a seed replays the same walks:
among open tiles with the same estimated total length, the one closer to a
goal is taken first, then the one discovered first; a tile's neighbours are
discovered in the order east, west, south, north. On open ground this means
that of all equally short paths agents take the one that goes horizontally
first and then turns vertically.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable

import numpy as np

from sim.world_map import Tile, WorldMap

# Beyond this many goals, the nearest-goal distance is estimated from the goals' bounding
# box: still a lower bound (so paths stay shortest) and far cheaper per tile.
_EXACT_HEURISTIC_GOALS = 12


def find_path(
    world_or_grid: WorldMap | np.ndarray, start: Tile, goals: Iterable[Tile]
) -> list[Tile] | None:
    """The shortest walk from `start` to the nearest reachable goal tile.

    `world_or_grid` is a `WorldMap` or its `blocked` array (shape (height, width),
    True where no one may stand). The path excludes `start` and ends on the goal;
    it is [] when `start` is a goal, None when no goal can be reached. Blocked or
    off-map goals are ignored; a blocked start may still be left.
    """
    blocked = _blocked(world_or_grid)
    height, width = blocked.shape
    sx, sy = start
    if not (0 <= sx < width and 0 <= sy < height):
        raise ValueError(f"start tile {start} is outside the {width}x{height} map")
    free = blocked.tobytes()  # one byte per tile, 0 where walkable; fast to index
    goal_set: set[int] = set()
    goal_tiles: list[Tile] = []
    for gx, gy in goals:
        if (gx, gy) == (sx, sy):
            return []
        if 0 <= gx < width and 0 <= gy < height and not free[gy * width + gx]:
            goal_set.add(gy * width + gx)
            goal_tiles.append((gx, gy))
    if not goal_set:
        return None
    heuristic = _heuristic(goal_tiles)

    start_i = sy * width + sx
    best_g = {start_i: 0}
    came_from: dict[int, int] = {}
    h0 = heuristic(sx, sy)
    open_heap = [(h0, h0, 0, start_i)]
    order = 1
    closed: set[int] = set()
    while open_heap:
        _, _, _, current = heapq.heappop(open_heap)
        if current in goal_set:
            return _walk_back(came_from, current, start_i, width)
        if current in closed:
            continue
        closed.add(current)
        cy, cx = divmod(current, width)
        g = best_g[current] + 1
        for nx, ny in ((cx + 1, cy), (cx - 1, cy), (cx, cy + 1), (cx, cy - 1)):
            if not (0 <= nx < width and 0 <= ny < height):
                continue
            n = ny * width + nx
            if free[n] or n in closed or g >= best_g.get(n, 1 << 30):
                continue
            best_g[n] = g
            came_from[n] = current
            h = heuristic(nx, ny)
            heapq.heappush(open_heap, (g + h, h, order, n))
            order += 1
    return None


def reachable_from(world_or_grid: WorldMap | np.ndarray, start: Tile) -> np.ndarray:
    """Every tile an agent at `start` can walk to, as a (height, width) bool array."""
    blocked = _blocked(world_or_grid)
    height, width = blocked.shape
    seen = np.zeros((height, width), dtype=bool)
    sx, sy = start
    if not (0 <= sx < width and 0 <= sy < height):
        raise ValueError(f"start tile {start} is outside the {width}x{height} map")
    free = blocked.tobytes()
    visited = bytearray(width * height)
    start_i = sy * width + sx
    visited[start_i] = 1
    queue = deque([start_i])
    while queue:
        current = queue.popleft()
        cy, cx = divmod(current, width)
        if cx + 1 < width:
            _visit(current + 1, free, visited, queue)
        if cx > 0:
            _visit(current - 1, free, visited, queue)
        if cy + 1 < height:
            _visit(current + width, free, visited, queue)
        if cy > 0:
            _visit(current - width, free, visited, queue)
    seen.flat[:] = np.frombuffer(bytes(visited), dtype=np.uint8).astype(bool)
    return seen


def _visit(n: int, free: bytes, visited: bytearray, queue: deque[int]) -> None:
    if not free[n] and not visited[n]:
        visited[n] = 1
        queue.append(n)


def _blocked(world_or_grid: WorldMap | np.ndarray) -> np.ndarray:
    grid = world_or_grid.blocked if isinstance(world_or_grid, WorldMap) else world_or_grid
    grid = np.asarray(grid)
    if grid.ndim != 2:
        raise ValueError(f"expected a 2-D grid of blocked tiles, got shape {grid.shape}")
    return np.ascontiguousarray(grid, dtype=bool)


def _heuristic(goals: list[Tile]):
    """Manhattan distance to the nearest goal, or to the goals' box when there are many."""
    if len(goals) <= _EXACT_HEURISTIC_GOALS:

        def exact(x: int, y: int) -> int:
            return min(abs(x - gx) + abs(y - gy) for gx, gy in goals)

        return exact
    x0 = min(g[0] for g in goals)
    x1 = max(g[0] for g in goals)
    y0 = min(g[1] for g in goals)
    y1 = max(g[1] for g in goals)

    def boxed(x: int, y: int) -> int:
        return max(x0 - x, 0, x - x1) + max(y0 - y, 0, y - y1)

    return boxed


def _walk_back(came_from: dict[int, int], goal: int, start: int, width: int) -> list[Tile]:
    path: list[Tile] = []
    node = goal
    while node != start:
        y, x = divmod(node, width)
        path.append((x, y))
        node = came_from[node]
    path.reverse()
    return path
