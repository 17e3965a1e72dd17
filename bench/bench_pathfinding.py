"""How fast agents find their way on a 100x100 town: A* per call, against a full flood fill.

Run: `PYTHONPATH=. python3 bench/bench_pathfinding.py`. Prints a table; never fails on a timing.
The peer is a breadth-first flood of the whole map (what a path costs without a heuristic);
the limit is a tick's share of wall time if 25 agents each ask for a path in one tick and
the town should run 10 ticks per second.
"""

from __future__ import annotations

import time

import numpy as np

from sim.pathfinding import find_path, reachable_from

SIZE = 100
CALLS = 400


def town_like_grid(seed: int = 7) -> np.ndarray:
    """Blocks of buildings with one door each, streets between, scattered trees."""
    rng = np.random.default_rng(seed)
    blocked = np.zeros((SIZE, SIZE), dtype=bool)
    for bx in range(2, SIZE - 12, 14):
        for by in range(2, SIZE - 12, 14):
            w, h = rng.integers(6, 11, size=2)
            blocked[by, bx : bx + w] = blocked[by + h, bx : bx + w] = True
            blocked[by : by + h + 1, bx] = blocked[by : by + h + 1, bx + w] = True
            blocked[by + h, bx + w // 2] = False  # the door
    trees = rng.random((SIZE, SIZE)) < 0.04
    return blocked | trees


def timed(fn, calls: int) -> float:
    start = time.perf_counter()
    for i in range(calls):
        fn(i)
    return (time.perf_counter() - start) / calls


def main() -> None:
    blocked = town_like_grid()
    free = np.argwhere(~blocked)
    region = reachable_from(blocked, (int(free[0][1]), int(free[0][0])))
    tiles = [(int(x), int(y)) for y, x in np.argwhere(region)]
    rng = np.random.default_rng(1)
    pairs = [(tiles[a], tiles[b]) for a, b in rng.integers(0, len(tiles), size=(CALLS, 2))]
    lengths = [len(find_path(blocked, s, [g]) or []) for s, g in pairs[:50]]

    one_goal = timed(lambda i: find_path(blocked, pairs[i][0], [pairs[i][1]]), CALLS)
    room_goals = [
        [(x, y) for x in range(g[0] - 3, g[0] + 4) for y in range(g[1] - 3, g[1] + 4)]
        for _, g in pairs
    ]
    many_goals = timed(lambda i: find_path(blocked, pairs[i][0], room_goals[i]), CALLS)
    flood = timed(lambda i: reachable_from(blocked, pairs[i][0]), 40)
    budget = 1 / 10 / 25

    rows = [
        ("A*, one goal tile", one_goal, "full BFS flood", flood),
        ("A*, 49 goal tiles (a room)", many_goals, "full BFS flood", flood),
        ("A*, one goal tile", one_goal, "budget: 25 paths in 1/10 s", budget),
    ]
    print(
        f"map {SIZE}x{SIZE}, {int(blocked.sum())} blocked tiles, {CALLS} random calls, "
        f"mean path length {np.mean(lengths):.0f} tiles"
    )
    print(f"{'figure':<28} {'ms/call':>9}   {'compared with':<28} {'ms':>8} {'ratio':>7}")
    for name, value, peer, peer_value in rows:
        print(
            f"{name:<28} {value * 1e3:>9.3f}   {peer:<28} {peer_value * 1e3:>8.3f} "
            f"{value / peer_value:>7.2f}"
        )


if __name__ == "__main__":
    main()
