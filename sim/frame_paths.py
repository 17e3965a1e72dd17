"""A walking resident's path in the frame stream: written when it changes, derived between.

In a stream of format `PATHS_ON_CHANGE` a frame carries a resident's `path`
only where it differs from what a reader derives from the last path written
for that resident: that path with the part already walked cut off (`walked`).
Stepping along a path therefore costs nothing; a new path, a path given up
or a detour is written in full. The writer decides with the same `walked` the
reader uses, so a reader gets every tick's path exactly, whatever the rule
cannot follow (a path that crosses itself is simply written again).

A stream of format `FULL_PATHS` (the only one before the header named its
format) carries every path in every frame; both are read here, in one place.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter

from sim.frames import FULL_PATHS, PATHS_DERIVED, Frame, FrameFormat, Tile

_TILES = TypeAdapter(list[Tile])


def walked(path: Sequence[Tile], tile: Tile) -> list[Tile]:
    """What remains of `path` for a resident standing on `tile`: the tiles after it, or all."""
    try:
        return list(path[path.index(tile) + 1 :])
    except ValueError:
        return list(path)


class PathWriter:
    """Turns frames into lines of a stream, leaving out the paths a reader derives."""

    def __init__(
        self, frame_format: FrameFormat, written: dict[str, list[Tile]] | None = None
    ) -> None:
        self.frame_format = frame_format
        self._written = dict(written or {})  # resident -> the last path written for it

    def line(self, frame: Frame) -> str:
        """The frame as one line of JSON in this writer's format."""
        if self.frame_format == FULL_PATHS:
            return frame.model_dump_json()
        derived: set[str] = set()
        for agent in frame.agents:
            last = self._written.get(agent.name)
            if last is not None and walked(last, agent.tile) == agent.path:
                derived.add(agent.name)
            else:
                self._written[agent.name] = list(agent.path)
        return frame.model_dump_json(context={PATHS_DERIVED: derived})


class PathHistory:
    """The paths a stream wrote out, by frame position; what each frame's paths were."""

    def __init__(self, frame_format: FrameFormat = FULL_PATHS) -> None:
        self.frame_format = frame_format
        self._positions: dict[str, list[int]] = {}
        self._paths: dict[str, list[list[Tile]]] = {}

    def note(self, position: int, agents: Any) -> None:
        """Remember the paths written in the frame at `position` (its raw list of agents).

        Positions must come in increasing order. A path that is not a list of
        tiles raises pydantic's `ValidationError`.
        """
        if self.frame_format == FULL_PATHS or not isinstance(agents, list):
            return
        for agent in agents:
            if isinstance(agent, dict) and "path" in agent:
                name = str(agent.get("name"))
                self._positions.setdefault(name, []).append(position)
                self._paths.setdefault(name, []).append(_TILES.validate_python(agent["path"]))

    def path_at(self, name: str, position: int, tile: Tile) -> list[Tile]:
        """A resident's path in the frame at `position`, where the frame left it out."""
        where = self._positions.get(name)
        index = bisect_right(where, position) - 1 if where else -1
        return walked(self._paths[name][index], tile) if index >= 0 else []

    def complete(self, frame: Frame, position: int) -> Frame:
        """Fill in the paths the frame at `position` left out (in place: it was just read)."""
        if self.frame_format != FULL_PATHS:
            for agent in frame.agents:
                if "path" not in agent.model_fields_set:
                    agent.path = self.path_at(agent.name, position, agent.tile)
        return frame

    def last_written(self) -> dict[str, list[Tile]]:
        """Each resident's last path written so far: where a writer going on starts from."""
        return {name: list(paths[-1]) for name, paths in self._paths.items()}
