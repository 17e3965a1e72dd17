"""The frame stream: what the viewer reads, live or in replay.

`frames.jsonl` in a run folder holds one JSON object per line. The first
line is a `FrameHeader`; every later line is a `Frame`, one per tick, written
and flushed at the end of that tick. A reader must tolerate a last line that
is still being written (no trailing newline yet): it simply waits for it.

The header's `frame_format` says how frames carry the residents' paths:
`FULL_PATHS` (a header without the field) writes every path in every frame;
`PATHS_ON_CHANGE` writes a path only in a frame where it changes, and readers
derive it in between (`sim.frame_paths`, which both readers go through).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)

Tile = tuple[int, int]

FrameFormat = Literal[1, 2]
FULL_PATHS: FrameFormat = 1
PATHS_ON_CHANGE: FrameFormat = 2
PATHS_DERIVED = "paths_derived"  # serialization context: names whose path is left out


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FrameHeader(_Record):
    """The first line: what run this is and where its map lies."""

    kind: Literal["header"] = "header"
    run_id: str
    world: str
    map_path: str  # relative to the run folder: the run keeps its own copy of the world
    backend: str  # "scripted", "local:SmolLM2-135M-Instruct", "openai:gpt-4o-mini", "replay"
    tick_seconds: int
    start_time: str  # ISO game time of tick 0
    agents: list[str]
    frame_format: FrameFormat = FULL_PATHS  # how frames carry paths; absent in older runs


class AgentFrame(_Record):
    """One agent at one tick."""

    name: str
    tile: Tile
    place: str
    action: str
    emoji: str = ""
    path: list[Tile] = []  # the rest of the way; left out where derived (PATHS_ON_CHANGE)
    utterance: str | None = None
    listener: str | None = None
    conversation: str | None = None
    awake: bool = False

    @model_serializer(mode="wrap")
    def _path_unless_derived(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        # A writer names, in the context's `paths_derived`, the residents whose
        # path a reader derives (`sim.frame_paths`); their entries leave it out.
        data = handler(self)
        if info.context and self.name in info.context.get(PATHS_DERIVED, ()):
            data.pop("path", None)
        return data


class InspectorFrame(_Record):
    """What the inspector panel shows of an agent; sent when it changes."""

    summary: str = ""
    plan: list[str] = []
    recent_memories: list[str] = []
    important_memories: list[str] = []
    conversation: list[str] = []


class Frame(_Record):
    """The town at the end of one tick."""

    kind: Literal["frame"] = "frame"
    tick: int
    time: str
    agents: list[AgentFrame]
    objects: dict[str, str] = {}  # address -> state, for objects not "idle"
    inspector: dict[str, InspectorFrame] = {}  # agent -> view, only for agents whose view changed
