"""Reading a run folder into pandas tables: events, actions, positions, conversations, calls.

A run may still be in progress: the last line of a log that has no newline
yet is being written and is left out. Anything else that cannot be read is a
`RunDataError` naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from agents.llm import CallRecord
from sim.events import Event
from sim.frames import Frame, FrameHeader

DEFAULT_SAMPLE_TICKS = 6  # one game minute at the default 10-second tick


class RunDataError(ValueError):
    """A run folder cannot be analysed; the message names the file and the line."""


@dataclass(frozen=True)
class FactMeasure:
    """The news whose spread is tracked, with the words that give it away."""

    fact: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class EventMeasure:
    """A gathering to measure attendance at."""

    place: str
    start: datetime
    end: datetime
    host: str | None = None


@dataclass(frozen=True)
class Seeded:
    """A memory an agent was given rather than told in conversation."""

    agent: str
    text: str
    at: datetime  # the run's start for memories seeded at the start
    how: str  # "seeded" or "injected"


@dataclass
class RunData:
    """One run as tables; every time column is a game time (pandas Timestamp)."""

    path: Path
    config: dict[str, Any]
    header: FrameHeader
    last_tick: int  # the last tick written; -1 if none yet
    events: pd.DataFrame
    actions: pd.DataFrame
    positions: pd.DataFrame
    conversations: pd.DataFrame
    conversation_list: pd.DataFrame
    calls: pd.DataFrame
    personas: pd.DataFrame
    seeded: list[Seeded] = field(default_factory=list)
    fact: FactMeasure | None = None
    event: EventMeasure | None = None

    @property
    def agents(self) -> list[str]:
        return list(self.header.agents)

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.header.start_time)

    @property
    def tick_seconds(self) -> int:
        return self.header.tick_seconds

    def time_of(self, tick: int) -> datetime:
        """The game time at which `tick` starts."""
        return self.start + timedelta(seconds=tick * self.tick_seconds)

    @property
    def end(self) -> datetime:
        """The game time at which the last written tick ended."""
        return self.time_of(self.last_tick + 1)

    @property
    def parent(self) -> dict[str, Any] | None:
        """The run this one was forked from ({run_dir, tick}), if it is a fork."""
        return self.config.get("parent")

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "events": self.events,
            "actions": self.actions,
            "positions": self.positions,
            "conversations": self.conversations,
            "conversation_list": self.conversation_list,
            "calls": self.calls,
            "personas": self.personas,
        }

    def to_parquet(self, folder: Path | str) -> list[Path]:
        """Write every table as `<name>.parquet` in `folder`; return the files written."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in self.tables().items():
            target = folder / f"{name}.parquet"
            parquet_ready(table).to_parquet(target, index=False)
            written.append(target)
        return written


def parquet_ready(table: pd.DataFrame) -> pd.DataFrame:
    """A copy whose free-form columns (lists, dicts, mixed) are JSON text, as Parquet needs."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object:
            values = out[column].dropna()
            if not values.map(lambda v: isinstance(v, str)).all():
                out[column] = out[column].map(
                    lambda v: v if v is None or isinstance(v, str) else json.dumps(v, default=str)
                )
    return out


# -- reading files ------------------------------------------------------------------


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
    path = run_dir / "events.jsonl"
    return [_checked(Event, data, path, lineno) for lineno, data in read_jsonl(path)]


def read_frames(run_dir: Path, every: int) -> tuple[list[Frame], int]:
    """Every `every`-th frame (and the last), and the last frame's tick (-1 if none)."""
    path = run_dir / "frames.jsonl"
    kept: list[Frame] = []
    last: Frame | None = None
    for lineno, data in read_jsonl(path):
        if data.get("kind") == "header":
            continue
        frame = _checked(Frame, data, path, lineno)
        last = frame
        if frame.tick % every == 0:
            kept.append(frame)
    if last is not None and (not kept or kept[-1].tick != last.tick):
        kept.append(last)
    return kept, (last.tick if last is not None else -1)


def read_calls(run_dir: Path) -> list[CallRecord]:
    path = run_dir / "llm_calls.jsonl"
    if not path.exists():
        return []
    return [_checked(CallRecord, data, path, lineno) for lineno, data in read_jsonl(path)]


# -- building tables -------------------------------------------------------------------


def load_run(run_dir: Path | str, *, sample_every: int = DEFAULT_SAMPLE_TICKS) -> RunData:
    """Load a run folder (finished or still running) as tables ready for analysis.

    `sample_every` is how many ticks apart the positions are sampled.
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunDataError(f"{run_dir}: no such run folder")
    config = read_json(run_dir / "config.json")
    header = read_header(run_dir)
    events = read_events(run_dir)
    frames, last_frame = read_frames(run_dir, max(1, sample_every))
    last_tick = max([last_frame, *(e.tick for e in events)], default=-1)
    calls = read_calls(run_dir)
    start = datetime.fromisoformat(header.start_time)
    seeded, fact, gathering, personas = _scenario_context(config, header, start)
    event_rows = [e.model_dump() for e in events]
    data = RunData(
        path=run_dir,
        config=config,
        header=header,
        last_tick=last_tick,
        events=_frame(event_rows, ["tick", "time", "type", "agent"]),
        actions=actions_table(events, last_tick, header.tick_seconds, start),
        positions=positions_table(frames),
        conversations=utterances_table(events),
        conversation_list=conversation_list_table(events),
        calls=calls_table(calls, header.tick_seconds, start),
        personas=personas,
        seeded=seeded,
        fact=fact,
        event=gathering,
    )
    data.seeded += [
        Seeded(agent=e.agent or "", text=str(e.fields().get("text", "")), at=_time(e.time), how="injected")
        for e in events
        if e.type == "memory_injected"
    ]
    return data


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    for column in columns:
        if column not in table.columns:
            table[column] = pd.Series(dtype=object)
    if "time" in table.columns:
        table["time"] = pd.to_datetime(table["time"])
    return table


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def actions_table(
    events: list[Event], last_tick: int, tick_seconds: int, start: datetime
) -> pd.DataFrame:
    """One row per action: it ends when it finishes, when a new one replaces it, or at the run's end."""
    rows: list[dict[str, Any]] = []
    open_by_agent: dict[str, dict[str, Any]] = {}

    def close(agent: str, tick: int, finished: bool) -> None:
        row = open_by_agent.pop(agent, None)
        if row is not None:
            row["end_tick"] = max(tick, row["start_tick"])
            row["finished"] = finished
            rows.append(row)

    for event in events:
        if event.agent is None:
            continue
        fields = event.fields()
        if event.type == "action_started":
            close(event.agent, event.tick, finished=False)
            open_by_agent[event.agent] = {
                "agent": event.agent,
                "start_tick": event.tick,
                "description": str(fields.get("description", "")),
                "address": str(fields.get("address", "")),
                "place": str(fields.get("address", "")).split(":")[0],
                "emoji": str(fields.get("emoji", "")),
                "planned_minutes": fields.get("duration_minutes"),
                "path_length": int(fields.get("path_length") or 0),
            }
        elif event.type == "action_finished":
            close(event.agent, event.tick, finished=True)
    for agent in list(open_by_agent):
        close(agent, max(last_tick, 0), finished=False)
    columns = ["agent", "start", "end", "place", "description", "address", "emoji",
               "start_tick", "end_tick", "minutes", "planned_minutes", "path_length", "finished"]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = pd.DataFrame(rows).sort_values(["start_tick", "agent"], kind="stable")
    table["start"] = pd.to_datetime([start + timedelta(seconds=t * tick_seconds) for t in table.start_tick])
    table["end"] = pd.to_datetime([start + timedelta(seconds=t * tick_seconds) for t in table.end_tick])
    table["minutes"] = (table.end_tick - table.start_tick) * tick_seconds / 60
    return table[columns].reset_index(drop=True)


def positions_table(frames: list[Frame]) -> pd.DataFrame:
    """Where each agent was at each sampled tick: tile, place and action."""
    rows = [
        {
            "tick": frame.tick,
            "time": frame.time,
            "agent": agent.name,
            "x": agent.tile[0],
            "y": agent.tile[1],
            "place": agent.place,
            "area": agent.place.split(":")[0],
            "action": agent.action,
        }
        for frame in frames
        for agent in frame.agents
    ]
    return _frame(rows, ["tick", "time", "agent", "x", "y", "place", "area", "action"])


def utterances_table(events: list[Event]) -> pd.DataFrame:
    """One row per utterance: conversation, speaker, listener, turn, text, time."""
    rows = []
    for event in events:
        if event.type != "utterance":
            continue
        fields = event.fields()
        rows.append(
            {
                "tick": event.tick,
                "time": event.time,
                "conversation": fields.get("conversation"),
                "speaker": event.agent,
                "listener": fields.get("listener"),
                "turn": fields.get("turn"),
                "text": fields.get("text", ""),
                "ends_conversation": bool(fields.get("ends_conversation", False)),
            }
        )
    return _frame(rows, ["tick", "time", "conversation", "speaker", "listener", "turn", "text",
                         "ends_conversation"])


def conversation_list_table(events: list[Event]) -> pd.DataFrame:
    """One row per conversation: who, when it began and ended, how many turns, why it ended."""
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        fields = event.fields()
        key = fields.get("conversation")
        if not key:
            continue
        row = rows.setdefault(
            key,
            {"conversation": key, "participants": None, "start": event.time, "end": None,
             "turns": 0, "reason": None},
        )
        if event.type == "conversation_started":
            row["participants"] = " & ".join(sorted(fields.get("participants", [])))
            row["start"] = event.time
        elif event.type == "utterance":
            row["turns"] += 1
            if row["participants"] is None:
                row["participants"] = " & ".join(sorted([event.agent or "", fields.get("listener", "")]))
        elif event.type == "conversation_ended":
            row["end"] = event.time
            row["reason"] = fields.get("reason")
    table = _frame(list(rows.values()), ["conversation", "participants", "start", "end", "turns",
                                         "reason"])
    for column in ("start", "end"):
        table[column] = pd.to_datetime(table[column])
    return table


def calls_table(calls: list[CallRecord], tick_seconds: int, start: datetime) -> pd.DataFrame:
    """One row per model call, with the game hour it fell in (the prompts are left out)."""
    rows = [c.model_dump(mode="json", exclude={"messages", "output"}) for c in calls]
    table = _frame(rows, ["agent", "task", "backend", "model", "tokens_in", "tokens_out",
                          "latency_s", "cost_usd", "cache_hit", "retries", "outcome", "failure",
                          "tick"])
    ticks = pd.to_numeric(table["tick"], errors="coerce")
    table["game_time"] = pd.to_datetime(
        [start + timedelta(seconds=t * tick_seconds) if pd.notna(t) else pd.NaT for t in ticks]
    )
    table["game_hour"] = table["game_time"].dt.floor("h")
    return table


def _scenario_context(
    config: dict[str, Any], header: FrameHeader, start: datetime
) -> tuple[list[Seeded], FactMeasure | None, EventMeasure | None, pd.DataFrame]:
    """Personas, seeded memories and measures from the run's world and scenario, when readable."""
    from sim.scenario import load_scenario
    from sim.tiled import WorldError
    from sim.world_loader import load_world

    personas = pd.DataFrame({"name": list(header.agents)})
    try:
        world = load_world(config.get("world", header.world))
        scenario = load_scenario(world, config.get("scenario", "baseline"))
    except (WorldError, OSError, ValueError):
        # The world moved or changed since the run: the tables still load, the measures don't.
        return [], None, None, personas
    cast = set(header.agents)
    personas = pd.DataFrame(
        [
            {**p.model_dump(exclude={"relationships", "daily_routine"}),
             "relationships": json.dumps(p.relationships)}
            for p in world.personas
            if p.name in cast
        ]
    )
    seeded = [
        Seeded(agent=m.agent, text=m.text, at=start, how="seeded")
        for m in scenario.memories
        if m.agent in cast and m.at is None
    ]
    measures = scenario.measures
    fact = FactMeasure(measures.fact, tuple(measures.fact_keywords)) if measures.fact else None
    gathering = (
        EventMeasure(measures.event.place, measures.event.start, measures.event.end, measures.host)
        if measures.event
        else None
    )
    return seeded, fact, gathering, personas
