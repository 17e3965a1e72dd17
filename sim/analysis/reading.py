"""Reading a run folder's files, tolerating a run still in progress.

The last line of a log that has no newline yet is being written and is left
out. Anything else that cannot be read is a `RunDataError` naming the file
and the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agents.llm import CallRecord
from sim.errors import RunFolderError
from sim.events import Event, parse_event
from sim.frame_paths import PathHistory
from sim.frames import Frame, FrameHeader


class RunDataError(RunFolderError):
    """A run folder cannot be analysed; the message names the file and the line."""


def read_json(path: Path) -> dict[str, Any]:
    """A whole JSON file (config, checkpoint, summary); errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RunDataError(f"{path}: missing; is {path.parent} a run folder?") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RunDataError(
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg}); the file is damaged or truncated"
        ) from exc
    if not isinstance(data, dict):
        raise RunDataError(f"{path}:1: expected a JSON object")
    return data


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each complete line; a last line still being written is skipped."""
    if not path.exists():
        raise RunDataError(f"{path}: missing; is {path.parent} a run folder?")
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                return  # the writer has not finished this line yet
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise RunDataError(
                    f"{path}:{lineno}: not valid JSON ({exc}); the log is damaged"
                ) from exc
            if not isinstance(data, dict):
                raise RunDataError(f"{path}:{lineno}: expected a JSON object per line")
            yield lineno, data


def _checked(model: Any, data: dict[str, Any], path: Path, lineno: int) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(line)'}: {e['msg']}"
            for e in exc.errors()
        )
        raise RunDataError(f"{path}:{lineno}: not a valid {model.__name__}: {problems}") from exc


def read_header(run_dir: Path) -> FrameHeader:
    """The frame stream's header: run id, world, start time, tick length, agents."""
    path = run_dir / "frames.jsonl"
    for lineno, data in read_jsonl(path):
        return _checked(FrameHeader, data, path, lineno)
    raise RunDataError(f"{path}: no header line yet; the run has not started writing")


def read_events(run_dir: Path) -> list[Event]:
    """The run's events, each as the record of its type."""
    path = run_dir / "events.jsonl"
    events = []
    for lineno, data in read_jsonl(path):
        try:
            events.append(parse_event(data))
        except ValueError as exc:
            raise RunDataError(f"{path}:{lineno}: {exc}") from exc
    return events


def read_frames(run_dir: Path, every: int) -> tuple[list[Frame], int]:
    """Every `every`-th frame (and the last), and the last frame's tick (-1 if none)."""
    path = run_dir / "frames.jsonl"
    paths = PathHistory()
    kept: list[Frame] = []
    last: tuple[Frame, int] | None = None
    for lineno, data in read_jsonl(path):
        if data.get("kind") == "header":
            paths = PathHistory(_checked(FrameHeader, data, path, lineno).frame_format)
            continue
        frame = _checked(Frame, data, path, lineno)
        paths.note(lineno, data["agents"])
        last = frame, lineno
        if frame.tick % every == 0:
            kept.append(paths.complete(frame, lineno))
    if last is not None and (not kept or kept[-1].tick != last[0].tick):
        kept.append(paths.complete(*last))
    return kept, (last[0].tick if last is not None else -1)


def read_calls(run_dir: Path) -> list[CallRecord]:
    path = run_dir / "llm_calls.jsonl"
    if not path.exists():
        return []
    return [_checked(CallRecord, data, path, lineno) for lineno, data in read_jsonl(path)]
