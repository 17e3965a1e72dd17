"""Pathfinding: shortest walks, goals out of reach, and the documented tie-breaking."""

from __future__ import annotations

import numpy as np
import pytest

from sim.pathfinding import find_path, reachable_from


def grid(picture: str) -> np.ndarray:
    """A blocked grid from a picture: '#' blocked, anything else free."""
    rows = [line.strip() for line in picture.strip().splitlines()]
    return np.array([[c == "#" for c in row] for row in rows], dtype=bool)


def is_walk(blocked: np.ndarray, start, path) -> bool:
    here = start
    for tile in path:
        x, y = tile
        if abs(x - here[0]) + abs(y - here[1]) != 1 or blocked[y, x]:
            return False
        here = tile
    return True


def test_open_grid_path_has_manhattan_length():
    blocked = np.zeros((10, 10), dtype=bool)
    path = find_path(blocked, (1, 2), [(7, 9)])
    assert len(path) == 6 + 7
    assert path[-1] == (7, 9) and is_walk(blocked, (1, 2), path)


def test_wall_forces_the_way_around_through_the_gap():
    blocked = grid(
        """
        .....
        ####.
        .....
        """
    )
    path = find_path(blocked, (0, 0), [(0, 2)])
    assert len(path) == 10  # 4 right, 2 down, 4 left
    assert (4, 1) in path and is_walk(blocked, (0, 0), path)


def test_blocked_goal_is_unreachable():
    blocked = grid(
        """
        ...
        .#.
        ...
        """
    )
    assert find_path(blocked, (0, 0), [(1, 1)]) is None


def test_walled_off_goal_is_unreachable():
    blocked = grid(
        """
        ..#..
        ..#..
        ..#..
        """
    )
    assert find_path(blocked, (0, 0), [(4, 2)]) is None


def test_start_on_a_goal_gives_an_empty_path():
    assert find_path(np.zeros((3, 3), dtype=bool), (1, 1), [(2, 2), (1, 1)]) == []


def test_nearest_goal_by_walking_wins_over_nearest_as_the_crow_flies():
    blocked = grid(
        """
        ......
        ####..
        ......
        """
    )
    # (0, 2) is 2 tiles away but 10 steps around the wall; (5, 0) is 5 steps.
    path = find_path(blocked, (0, 0), [(0, 2), (5, 0)])
    assert path == [(1, 0), (2, 0), (3, 0), (4, 0), (5, 0)]


def test_nearest_of_many_goals_stays_shortest():
    blocked = np.zeros((30, 30), dtype=bool)
    far = [(x, 29) for x in range(30)]  # many goals: the heuristic switches to a box
    path = find_path(blocked, (3, 0), far + [(25, 5)])
    assert len(path) == 22 + 5 == len(find_path(blocked, (3, 0), [(25, 5)]))


def test_tie_breaking_prefers_horizontal_moves_first():
    blocked = np.zeros((5, 5), dtype=bool)
    assert find_path(blocked, (0, 0), [(2, 2)]) == [(1, 0), (2, 0), (2, 1), (2, 2)]
    assert find_path(blocked, (2, 2), [(0, 0)]) == [(1, 2), (0, 2), (0, 1), (0, 0)]


def test_same_question_gives_the_same_path_every_time():
    rng = np.random.default_rng(3)
    blocked = rng.random((40, 40)) < 0.25
    blocked[0, 0] = blocked[39, 39] = False
    paths = {tuple(find_path(blocked, (0, 0), [(39, 39)]) or ()) for _ in range(3)}
    assert len(paths) == 1


def test_off_map_start_is_an_error():
    with pytest.raises(ValueError, match="outside the 3x3 map"):
        find_path(np.zeros((3, 3), dtype=bool), (5, 0), [(0, 0)])


def test_reachable_from_marks_exactly_the_connected_region():
    blocked = grid(
        """
        ..#..
        ..#..
        ###..
        """
    )
    seen = reachable_from(blocked, (0, 0))
    assert seen.sum() == 4 and seen[1, 1] and not seen[0, 3]
    assert reachable_from(blocked, (4, 2)).sum() == 6
