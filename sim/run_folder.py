"""The run folder: config, event log, frames, call log, checkpoints, summary.

Logs are append-only and flushed at the end of every tick. A checkpoint
records, beside the world and every agent, the byte length of each log at
that tick; resuming cuts the logs back to those lengths, so a run killed at
any instant loses at most the ticks after its last checkpoint, and a resumed
run has exactly the events of one that was never interrupted.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agents.llm import CallRecord
from sim.errors import RunFolderError
from sim.events import Event
from sim.frames import Frame, FrameHeader
from sim.summary import RunSummary
from sim.tiled import embedded_tileset, read_json
from sim.totals import Totals
from sim.world_state import WorldState

LOGS = ("events.jsonl", "frames.jsonl", "llm_calls.jsonl")
CHECKPOINTS = "checkpoints"


class Checkpoint(BaseModel):
    """The whole run at the end of one tick."""

    tick: int  # the last tick completed; -1 before the first
    world: WorldState
    agents: dict[str, dict[str, Any]]
    totals: Totals
    offsets: dict[str, int]


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader (or a crash) sees the old or the new, never half."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class RunFolder:
    """Writes one run's folder; the engine is its only writer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handles = {name: (path / name).open("a", encoding="utf-8") for name in LOGS}

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
        target = dest / CHECKPOINTS / f"tick-{checkpoint.tick + 1:08d}.json"
        write_atomic(target, checkpoint.model_dump_json())

    def write_header(self, header: FrameHeader) -> None:
        """The frame stream's first line; written once, before the first tick."""
        self._write("frames.jsonl", [header.model_dump_json()])
        self.flush()

    @classmethod
    def reopen(cls, path: Path, checkpoint: Checkpoint) -> RunFolder:
        """Open a run for resuming: cut every log back to the checkpoint's length."""
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
        return cls(path)

    def _write(self, name: str, lines: list[str]) -> None:
        if lines:
            self._handles[name].write("".join(line + "\n" for line in lines))

    def write_tick(self, events: list[Event], frame: Frame, calls: list[CallRecord]) -> None:
        """Append one tick's events, frame and call records, then flush them."""
        self._write("events.jsonl", [e.model_dump_json() for e in events])
        self._write("llm_calls.jsonl", [c.model_dump_json() for c in calls])
        self._write("frames.jsonl", [frame.model_dump_json()])
        self.flush()

    def write_settled(self, events: list[Event], calls: list[CallRecord]) -> None:
        """Append what settling the agents' background thinking produced, then flush it."""
        self._write("events.jsonl", [e.model_dump_json() for e in events])
        self._write("llm_calls.jsonl", [c.model_dump_json() for c in calls])
        self.flush()

    def flush(self) -> None:
        for handle in self._handles.values():
            handle.flush()

    def offsets(self) -> dict[str, int]:
        self.flush()
        return {name: handle.tell() for name, handle in self._handles.items()}

    def write_checkpoint(self, checkpoint: Checkpoint) -> Path:
        target = self.path / CHECKPOINTS / f"tick-{checkpoint.tick + 1:08d}.json"
        write_atomic(target, checkpoint.model_dump_json())
        return target

    def write_summary(self, summary: RunSummary) -> None:
        write_atomic(self.path / "summary.json", summary.to_json())

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()


def checkpoint_files(path: Path) -> list[Path]:
    """The run's checkpoint files, oldest first (named by the tick they resume at)."""
    return sorted((path / CHECKPOINTS).glob("tick-*.json"))


def latest_checkpoint(path: Path) -> Checkpoint:
    """The newest readable checkpoint of a run folder."""
    if not (path / "config.json").exists():
        raise RunFolderError(f"{path}: not a run folder (no config.json)")
    files = checkpoint_files(path)
    if not files:
        raise RunFolderError(f"{path / CHECKPOINTS}: no checkpoint to resume from")
    return Checkpoint.model_validate_json(files[-1].read_text(encoding="utf-8"))


def checkpoint_at(path: Path, tick: int) -> Checkpoint:
    """The newest checkpoint taken at or before `tick` (the last completed tick)."""
    chosen = None
    for file in checkpoint_files(path):
        if int(file.stem.removeprefix("tick-")) - 1 <= tick:
            chosen = file
    if chosen is None:
        raise RunFolderError(f"{path / CHECKPOINTS}: no checkpoint at or before tick {tick}")
    return Checkpoint.model_validate_json(chosen.read_text(encoding="utf-8"))


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
