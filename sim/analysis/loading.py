"""Loading a run folder as pandas tables: events, actions, positions, conversations, calls.

Works on a run still in progress (see `sim.analysis.reading`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.reading import (
    RunDataError,
    read_calls,
    read_events,
    read_frames,
    read_header,
    read_json,
)
from sim.analysis.tables import (
    actions_table,
    calls_table,
    conversation_list_table,
    frame_of,
    game_time,
    positions_table,
    utterances_table,
)
from sim.events import MemoryInjectedEvent
from sim.frames import FrameHeader

__all__ = ["RunData", "RunDataError", "load_run"]

DEFAULT_SAMPLE_TICKS = 6  # one game minute at the default 10-second tick


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
    sample_every: int  # ticks between two sampled positions
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
    # Why the personas and measures may not be those the run was made with, when they may not.
    world_note: str | None = None

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
    context = _scenario_context(run_dir, config, header, start)
    event_rows = [e.model_dump(mode="json") for e in events]
    data = RunData(
        path=run_dir,
        config=config,
        header=header,
        last_tick=last_tick,
        sample_every=max(1, sample_every),
        events=frame_of(event_rows, ["tick", "time", "type", "agent"]),
        actions=actions_table(events, last_tick, header.tick_seconds, start),
        positions=positions_table(frames),
        conversations=utterances_table(events),
        conversation_list=conversation_list_table(events),
        calls=calls_table(calls, header.tick_seconds, start),
        personas=context.personas,
        seeded=context.seeded,
        fact=context.fact,
        event=context.event,
        world_note=context.note,
    )
    data.seeded += [
        Seeded(
            agent=e.agent,
            text=e.text,
            at=game_time(e.time),
            how="injected",
        )
        for e in events
        if isinstance(e, MemoryInjectedEvent)
    ]
    return data


_BORROWED = (
    "This run folder keeps no personas or scenario of its own; they were read from "
    "`{source}` as it is now, which may differ from what the run was made with."
)


@dataclass(frozen=True)
class _ScenarioContext:
    """What the run's personas and scenario give its analysis, and where they came from."""

    personas: pd.DataFrame
    seeded: list[Seeded] = field(default_factory=list)
    fact: FactMeasure | None = None
    event: EventMeasure | None = None
    note: str | None = None


def _scenario_context(
    run_dir: Path, config: dict[str, Any], header: FrameHeader, start: datetime
) -> _ScenarioContext:
    """Personas, seeded memories and measures: those the run kept, else its world folder's."""
    from sim.errors import WorldError
    from sim.run_world import load_run_world

    world, scenario = str(config.get("world", header.world)), config.get("scenario", "baseline")
    try:
        town = load_run_world(run_dir, world, str(scenario))
    except (WorldError, OSError, ValueError) as exc:
        # The world moved or changed since the run: the tables still load, the measures don't.
        return _ScenarioContext(
            personas=pd.DataFrame({"name": list(header.agents)}),
            note=f"No personas or scenario could be read, so the scenario's measures are left "
            f"out: {str(exc).splitlines()[0]}",
        )
    cast = set(header.agents)
    personas = pd.DataFrame(
        [
            {
                **p.model_dump(exclude={"relationships", "daily_routine"}),
                "relationships": json.dumps(p.relationships),
            }
            for p in town.world.personas
            if p.name in cast
        ]
    )
    measures = town.scenario.measures
    return _ScenarioContext(
        personas=personas,
        seeded=[
            Seeded(agent=m.agent, text=m.text, at=start, how="seeded")
            for m in town.scenario.memories
            if m.agent in cast and m.at is None
        ],
        fact=FactMeasure(measures.fact, tuple(measures.fact_keywords)) if measures.fact else None,
        event=(
            EventMeasure(
                measures.event.place, measures.event.start, measures.event.end, measures.host
            )
            if measures.event
            else None
        ),
        note=None if town.kept else _BORROWED.format(source=town.source),
    )
