"""Follow a run's `frames.jsonl` as it grows, and find any frame again later.

The reader never blocks: each `poll()` reads at most a bounded number of new
bytes, keeps only complete lines and leaves a half-written last line for the
next poll. It keeps a small index (tick, game time, byte offset per frame,
each agent's inspector entries and the paths written out) so that a replay can
seek to any tick or game time without holding every frame in memory.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from sim.errors import HamletError
from sim.frame_paths import PathHistory
from sim.frames import Frame, FrameHeader, InspectorFrame

_POLL_BYTES = (
    8 * 1024 * 1024
)  # bounded so that one poll of a huge replay keeps the window responsive
_CACHED_FRAMES = 8


class FrameStreamError(HamletError, ValueError):
    """A frame stream that cannot be read: which file, which line, what was expected."""


@dataclass(frozen=True)
class PollResult:
    """What one poll found: how many new frames, and whether bytes are still waiting."""

    new_frames: int
    more_pending: bool


class FrameReader:
    """Reads a growing `frames.jsonl`: header, frame index and frames on demand."""

    def __init__(self, path: Path, poll_bytes: int = _POLL_BYTES) -> None:
        self.path = Path(path)
        self._poll_bytes = poll_bytes
        self._reset()

    def _reset(self) -> None:
        self.header: FrameHeader | None = None
        self._pos = 0  # byte offset of the first byte not yet consumed as a complete line
        self._line_no = 0
        self._offsets: list[int] = []
        self._lengths: list[int] = []
        self._line_nos: list[int] = []
        self._ticks: list[int] = []
        self._times: list[datetime] = []
        self._time_text: list[str] = []
        self._inspector_idx: dict[str, list[int]] = {}
        self._inspector_val: dict[str, list[InspectorFrame]] = {}
        self._paths = PathHistory()
        self._cache: OrderedDict[int, Frame] = OrderedDict()
        self._owes_newline = False  # a last line was taken before its newline arrived

    # -- following the file -------------------------------------------------

    def poll(self) -> PollResult:
        """Read what the writer appended since the last poll; never waits."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return PollResult(0, False)
        if size < self._pos:
            self._reset()  # the file was replaced (a run restarted in the same folder)
        if size == self._pos:
            return PollResult(0, False)
        with self.path.open("rb") as f:
            f.seek(self._pos)
            data = f.read(min(self._poll_bytes, size - self._pos))
        if self._owes_newline and data.startswith(b"\n"):
            self._pos += 1
            data = data[1:]
        self._owes_newline = False
        end = data.rfind(b"\n")
        if end < 0:
            if len(data) >= self._poll_bytes:
                self._poll_bytes *= 2  # one line longer than the budget: read more next time
            return PollResult(self._take_unterminated(data, size), len(data) < size - self._pos)
        before = len(self._offsets)
        start = 0
        for line in data[: end + 1].split(b"\n")[:-1]:
            self._take_line(line, self._pos + start)
            start += len(line) + 1
        self._pos += end + 1
        return PollResult(len(self._offsets) - before, self._pos < size)

    def poll_all(self) -> int:
        """Read everything that is in the file now (for replays and screenshots)."""
        total = 0
        while True:
            result = self.poll()
            total += result.new_frames
            if not result.more_pending:
                return total

    def _take_unterminated(self, data: bytes, size: int) -> int:
        # A last line without its newline is normally half written. A run that
        # ended without a final newline still leaves a whole JSON object there,
        # and a truncated object can never parse, so a parse decides.
        if self._pos + len(data) != size or not data.strip():
            return 0
        try:
            json.loads(data)
        except (ValueError, RecursionError):
            return 0
        before = len(self._offsets)
        self._take_line(data, self._pos)
        self._pos += len(data)
        self._owes_newline = True
        return len(self._offsets) - before

    def _take_line(self, line: bytes, offset: int) -> None:
        self._line_no += 1
        if not line.strip():
            return
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as err:
            raise FrameStreamError(
                f"{self.path}: line {self._line_no}: not a JSON object ({err})"
            ) from err
        kind = record.get("kind") if isinstance(record, dict) else None
        if kind == "header":
            try:
                self.header = FrameHeader.model_validate(record)
            except ValidationError as err:
                raise FrameStreamError(
                    f"{self.path}: line {self._line_no}: bad header: {err}"
                ) from err
            self._paths = PathHistory(self.header.frame_format)
            return
        if kind != "frame":
            raise FrameStreamError(
                f"{self.path}: line {self._line_no}: expected a record with kind "
                f'"header" or "frame", found {kind!r}'
            )
        try:
            tick = int(record["tick"])
            when = datetime.fromisoformat(record["time"])
            if when.tzinfo is not None:
                raise ValueError(f"time {record['time']!r} has a time zone; game time has none")
            views = record.get("inspector") or {}
            if not isinstance(views, dict):
                raise TypeError("inspector is not an object of views by agent")
            inspector = {name: InspectorFrame.model_validate(view) for name, view in views.items()}
            index = len(self._offsets)
            self._paths.note(index, record.get("agents"))
        except (KeyError, TypeError, ValueError, OverflowError, ValidationError) as err:
            raise FrameStreamError(
                f"{self.path}: line {self._line_no}: bad frame (expected tick, ISO time, "
                f"inspector views, paths as lists of tiles): {err}"
            ) from err
        self._offsets.append(offset)
        self._lengths.append(len(line))
        self._line_nos.append(self._line_no)
        self._ticks.append(tick)
        self._times.append(when)
        self._time_text.append(record["time"])
        for name, view in inspector.items():
            self._inspector_idx.setdefault(name, []).append(index)
            self._inspector_val.setdefault(name, []).append(view)

    # -- the index ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._offsets)

    @property
    def ticks(self) -> list[int]:
        return self._ticks

    def tick_of(self, index: int) -> int:
        return self._ticks[index]

    def time_of(self, index: int) -> datetime:
        return self._times[index]

    def frame(self, index: int) -> Frame:
        """The frame at a position in the stream (0 is the first frame after the header)."""
        if not 0 <= index < len(self._offsets):
            raise IndexError(f"{self.path}: no frame {index} (the stream has {len(self)})")
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        with self.path.open("rb") as f:
            f.seek(self._offsets[index])
            line = f.read(self._lengths[index])
        try:
            frame = Frame.model_validate_json(line)
        except ValidationError as err:
            raise FrameStreamError(
                f"{self.path}: line {self._line_nos[index]}: bad frame: {_first_problem(err)}"
            ) from err
        frame = self._paths.complete(frame, index)
        self._cache[index] = frame
        if len(self._cache) > _CACHED_FRAMES:
            self._cache.popitem(last=False)
        return frame

    def index_at_tick(self, tick: int) -> int | None:
        """The last frame at or before a tick, or None when the stream starts later."""
        pos = bisect_right(self._ticks, tick) - 1
        return pos if pos >= 0 else None

    def index_at_time(self, when: datetime) -> int | None:
        """The last frame at or before a game time, or None when the stream starts later."""
        pos = bisect_right(self._times, when) - 1
        return pos if pos >= 0 else None

    def inspector_at(self, agent: str, index: int) -> InspectorFrame | None:
        """What the inspector shows of an agent at a frame: its latest entry at or before it."""
        where = self._inspector_idx.get(agent)
        if not where:
            return None
        pos = bisect_right(where, index) - 1
        return self._inspector_val[agent][pos] if pos >= 0 else None


def _first_problem(error: ValidationError) -> str:
    """The first thing wrong in a record, as "field: what" (and how many more)."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(the record)"
    more = error.error_count() - 1
    return f"field {where!r}: {first['msg']}" + (f" (and {more} more)" if more else "")
