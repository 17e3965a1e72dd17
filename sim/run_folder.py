"""The run folder: config, event log, frames, call log, checkpoints, summary.

Logs are append-only and flushed at the end of every tick. A checkpoint
records, beside the world and every agent, the byte length of each log at
that tick; resuming cuts the logs back to those lengths, so a run killed at
any instant loses at most the ticks after its last checkpoint, and a resumed
run has exactly the events of one that was never interrupted. Checkpoints
form chains, each holding what the agents changed since the one before
(`sim.checkpoint_chain`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agents.llm import CallRecord
from agents.notices import say_on_stderr
from sim.checkpoint_chain import BrokenChain, ChainEnd, ChainReader, Checkpoint, file_name
from sim.errors import DiskTrouble, RunFolderError
from sim.events import Event
from sim.frame_paths import PathHistory, PathWriter
from sim.frames import FULL_PATHS, Frame, FrameHeader
from sim.summary import RunSummary
from sim.tiled import embedded_tileset, read_json

LOGS = ("events.jsonl", "frames.jsonl", "llm_calls.jsonl")
CHECKPOINTS = "checkpoints"


def disk_trouble(target: Path, error: OSError) -> DiskTrouble:
    """The one line that says a run's write failed, what is kept, and how to go on."""
    folder = target.parent.parent if target.parent.name == CHECKPOINTS else target.parent
    return DiskTrouble(
        f"{target}: cannot write ({error.strerror or error}); the run stopped, its last good "
        f"checkpoint is kept: free space or fix permissions, then resume with --resume {folder}"
    )


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write a file so that a reader (or a crash) sees the old or the new, never half.

    A write that fails (disk full, no permission) leaves the old file as it
    was and no temporary file, and raises `DiskTrouble`.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DiskTrouble(
            f"{path}: cannot write ({exc.strerror or exc}); free space or fix permissions"
        ) from exc


class RunFolder:
    """Writes one run's folder; the engine is its only writer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handles = {name: (path / name).open("a", encoding="utf-8") for name in LOGS}
        self._frames = PathWriter(FULL_PATHS)
        self._chain: ChainEnd | None = None  # what the next checkpoint builds on

    @classmethod
    def create(cls, path: Path, config: dict[str, Any]) -> RunFolder:
        """A new run folder with its configuration; fails if the folder exists."""
        try:
            path.mkdir(parents=True, exist_ok=False)
        except FileExistsError as exc:
            raise RunFolderError(f"{path}: a run folder of that name exists already") from exc
        (path / CHECKPOINTS).mkdir()
        write_atomic(path / "config.json", json.dumps(config, indent=2, default=str))
        return cls(path)

    def discard_if_unstarted(self) -> bool:
        """Remove a new folder that a failed start left with nothing but its configuration.

        A folder holding anything that explains the failure (a server log) is kept.
        """
        self.close()
        files = [f for f in self.path.rglob("*") if f.is_file() and f.name != "config.json"]
        if any(f.stat().st_size for f in files):
            return False
        shutil.rmtree(self.path)
        return True

    @staticmethod
    def fork(parent: Path, dest: Path, checkpoint: Checkpoint, config: dict[str, Any]) -> None:
        """Lay out a fork's folder: the parent's logs up to a checkpoint, and that checkpoint."""
        RunFolder.create(dest, config).close()
        for name in LOGS:
            with (parent / name).open("rb") as source, (dest / name).open("wb") as target:
                target.write(source.read(checkpoint.offsets.get(name, 0)))
        shutil.copytree(parent / "world", dest / "world")
        # The checkpoint as read, its agents' states whole: the fork's chain starts here.
        target = dest / CHECKPOINTS / file_name(checkpoint.tick)
        write_atomic(target, checkpoint.model_dump_json())

    def write_header(self, header: FrameHeader) -> None:
        """The frame stream's first line; written once, before the first tick."""
        self._write("frames.jsonl", [header.model_dump_json()])
        self._frames = PathWriter(header.frame_format)
        self.flush()

    @classmethod
    def reopen(cls, path: Path, checkpoint: Checkpoint) -> RunFolder:
        """Open a run for resuming: cut every log back to the checkpoint's length.

        Checkpoints after it (passed over as damaged, or built on one that
        is) are removed: they describe log lines that are cut off now.
        """
        for name in LOGS:
            log = path / name
            if not log.exists():
                raise RunFolderError(f"{log}: missing; cannot resume this run")
            size = checkpoint.offsets.get(name, 0)
            if log.stat().st_size < size:
                raise RunFolderError(
                    f"{log}: shorter ({log.stat().st_size} bytes) than its checkpoint "
                    f"says ({size} bytes); the run folder was changed after the run"
                )
            with log.open("r+b") as handle:
                handle.truncate(size)
        for later in checkpoint_files(path):
            if later.name > file_name(checkpoint.tick):
                later.unlink()
        folder = cls(path)
        folder._frames = frames_going_on(path / "frames.jsonl")
        folder._chain = checkpoint.end
        return folder

    def _write(self, name: str, lines: list[str]) -> None:
        if lines:
            try:
                self._handles[name].write("".join(line + "\n" for line in lines))
            except OSError as exc:
                raise disk_trouble(self.path / name, exc) from exc

    def write_tick(self, events: list[Event], frame: Frame, calls: list[CallRecord]) -> None:
        """Append one tick's events, frame and call records, then flush them.

        A failed write raises `DiskTrouble`; what was half written lies past
        the last checkpoint's lengths, so a resume cuts it off.
        """
        self._write("events.jsonl", [e.model_dump_json() for e in events])
        self._write("llm_calls.jsonl", [c.model_dump_json() for c in calls])
        self._write("frames.jsonl", [self._frames.line(frame)])
        self.flush()

    def write_settled(self, events: list[Event], calls: list[CallRecord]) -> None:
        """Append what settling the agents' background thinking produced, then flush it."""
        self._write("events.jsonl", [e.model_dump_json() for e in events])
        self._write("llm_calls.jsonl", [c.model_dump_json() for c in calls])
        self.flush()

    def flush(self) -> None:
        for name, handle in self._handles.items():
            try:
                handle.flush()
            except OSError as exc:
                raise disk_trouble(self.path / name, exc) from exc

    def offsets(self) -> dict[str, int]:
        self.flush()
        return {name: handle.tell() for name, handle in self._handles.items()}

    def checkpoint_since(self) -> dict[str, int] | None:
        """The agents' marks to ask the next checkpoint's changes since; None: a full one is due."""
        return self._chain.since() if self._chain else None

    def write_checkpoint(self, checkpoint: Checkpoint) -> Path:
        """Write a checkpoint whole or not at all; the previous ones stay as they are.

        Agents' states that are changes build on the last checkpoint written.
        """
        target = self.path / CHECKPOINTS / file_name(checkpoint.tick)
        data, end = checkpoint.encoded(self._chain)
        try:
            write_atomic(target, data)
        except DiskTrouble as exc:
            raise disk_trouble(target, exc.__cause__) from exc.__cause__
        self._chain = end
        return target

    def write_summary(self, summary: RunSummary) -> None:
        target = self.path / "summary.json"
        try:
            write_atomic(target, summary.to_json())
        except DiskTrouble as exc:
            raise disk_trouble(target, exc.__cause__) from exc.__cause__

    def close(self) -> None:
        """Close the logs; a flush that fails here loses only lines past the last checkpoint."""
        for handle in self._handles.values():
            try:
                handle.close()
            except OSError:
                pass  # a resume cuts the logs back to the checkpoint anyway


def frames_going_on(path: Path) -> PathWriter:
    """The writer that continues a frame stream in its format, as if it had never stopped."""
    with path.open("rb") as handle:
        first = handle.readline()
        if not first.strip():
            return PathWriter(FULL_PATHS)
        try:
            header = FrameHeader.model_validate_json(first)
        except ValidationError as exc:
            raise RunFolderError(f"{path}:1: not a frame header; cannot resume this run") from exc
        history = PathHistory(header.frame_format)
        if header.frame_format != FULL_PATHS:
            for lineno, line in enumerate(handle, start=2):
                if b'"path"' not in line:  # most frames write no path at all
                    continue
                try:
                    history.note(lineno, json.loads(line).get("agents"))
                except (ValueError, AttributeError) as exc:
                    raise RunFolderError(
                        f"{path}:{lineno}: not a frame ({exc}); cannot resume this run"
                    ) from exc
    return PathWriter(header.frame_format, history.last_written())


def checkpoint_files(path: Path) -> list[Path]:
    """The run's checkpoint files, oldest first (named by the tick they resume at)."""
    return sorted((path / CHECKPOINTS).glob("tick-*.json"))


def latest_checkpoint(path: Path, notice: Callable[[str], None] = say_on_stderr) -> Checkpoint:
    """The newest readable checkpoint of a run folder, its agents' states whole.

    A damaged one (cut short by a crash, corrupted on disk), or one whose
    chain is broken, is passed over for the newest whose whole chain is
    intact, and `notice` hears which, in one line.
    """
    if not (path / "config.json").exists():
        raise RunFolderError(f"{path}: not a run folder (no config.json)")
    files = checkpoint_files(path)
    if not files:
        raise RunFolderError(f"{path / CHECKPOINTS}: no checkpoint to resume from")
    return _newest_readable(files, notice)


def checkpoint_at(
    path: Path, tick: int, notice: Callable[[str], None] = say_on_stderr
) -> Checkpoint:
    """The newest readable checkpoint taken at or before `tick` (the last completed tick)."""
    files = [f for f in checkpoint_files(path) if int(f.stem.removeprefix("tick-")) - 1 <= tick]
    if not files:
        raise RunFolderError(f"{path / CHECKPOINTS}: no checkpoint at or before tick {tick}")
    return _newest_readable(files, notice)


def read_checkpoint(file: Path) -> Checkpoint:
    """One checkpoint, joined with the chain it builds on; `RunFolderError` if it is
    unreadable, cut short or corrupt, or a checkpoint of its chain is."""
    return ChainReader(file.parent).read(file)


def _newest_readable(files: list[Path], notice: Callable[[str], None]) -> Checkpoint:
    reader = ChainReader(files[0].parent)
    damaged: list[RunFolderError] = []
    for file in reversed(files):
        try:
            checkpoint = reader.read(file)
        except RunFolderError as exc:
            damaged.append(exc)
            continue
        if damaged:
            names = ", ".join(f.name for f in files[len(files) - len(damaged) :])
            chains = any(isinstance(e, BrokenChain) for e in damaged)
            broken = "damaged or built on a damaged checkpoint" if chains else "damaged"
            notice(
                f"{names}: {broken}, passed over; using the newest whose chain is intact, "
                f"{file.name}"
            )
        return checkpoint
    raise damaged[0]


def copy_world(map_path: Path, dest: Path) -> Path:
    """Copy a map into the run folder with its tilesets embedded and images beside it.

    The run then shows the same town even if the world's files change later.
    """
    dest.mkdir(parents=True, exist_ok=True)
    data = read_json(map_path, "map")
    for index, ref in enumerate(data.get("tilesets", [])):
        tileset, folder = embedded_tileset(map_path, index, ref)
        if "image" in tileset:
            image = (folder / tileset["image"]).resolve()
            name = f"tileset-{index}{image.suffix}"
            shutil.copyfile(image, dest / name)
            tileset["image"] = name
        data["tilesets"][index] = tileset
    target = dest / "map.tmj"
    target.write_text(json.dumps(data), encoding="utf-8")
    return target
