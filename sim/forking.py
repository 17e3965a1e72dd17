"""Forks: a new run that shares a run's past up to a checkpoint, then goes its own way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sim.analysis.reading import read_json
from sim.clock import GameClock, parse_game_time
from sim.config import ConfigError, Injection, ParentRun, RunConfig, resolve_config
from sim.run_folder import RunFolder, checkpoint_at, checkpoint_files, latest_checkpoint
from sim.run_world import load_run_world
from sim.scenario import Scenario


def planned_ticks(config: RunConfig, scenario: Scenario, clock: GameClock) -> int:
    """How many ticks a run's configuration asks for in all (from the run's start)."""
    if config.ticks:
        return config.ticks
    return clock.ticks_for(hours=config.hours or scenario.hours or 1.0)


def fork_tick(parent_dir: Path, clock: GameClock, at: str) -> int:
    """The tick at game time `at` ("HH:MM" or ISO), which must lie within the parent run."""
    moment = parse_game_time(at, clock.start)
    if moment < clock.start:
        raise ConfigError(
            f"--at {at}: before the start of {parent_dir} ({clock.start:%Y-%m-%d %H:%M})"
        )
    files = checkpoint_files(parent_dir)
    if files:
        end = clock.time(int(files[-1].stem.removeprefix("tick-")))
        if moment > end:
            raise ConfigError(
                f"--at {at}: after the last checkpoint of {parent_dir} ({end:%Y-%m-%d %H:%M}); "
                "fork at or before it"
            )
    return clock.tick_at(moment)


def lay_out_fork(
    parent_dir: Path,
    *,
    at: str | None,
    inject: list[Injection],
    run_id: str | None,
    out: Path | None,
    hours: float | None,
    ticks: int | None,
) -> tuple[RunConfig, Path]:
    """The fork's configuration, and its folder laid out from the parent's (`Simulation.fork`)."""
    parent = resolve_config(None, read_json(parent_dir / "config.json"))
    scenario = load_run_world(parent_dir, parent.world, parent.scenario).scenario
    clock = GameClock(scenario.start, parent.tick_seconds)
    tick = fork_tick(parent_dir, clock, at) if at else None
    checkpoint = (
        checkpoint_at(parent_dir, tick) if tick is not None else latest_checkpoint(parent_dir)
    )
    fork_time = clock.time(checkpoint.tick + 1)
    memories = [m if m.at else m.model_copy(update={"at": fork_time.isoformat()}) for m in inject]
    more = ticks or (clock.ticks_for(hours=hours) if hours else None)
    end = checkpoint.tick + 1 + more if more else planned_ticks(parent, scenario, clock)
    config = parent.model_copy(
        update={
            "ticks": end,
            "hours": round(end * parent.tick_seconds / 3600, 4),
            "run_id": run_id or f"{parent_dir.name}-fork-{datetime.now(UTC):%Y%m%d-%H%M%S}",
            "out": out or parent_dir.parent,
            "parent": ParentRun(run_dir=str(parent_dir), tick=checkpoint.tick),
            "injections": [*parent.injections, *memories],
        }
    )
    fork_dir = config.out / (config.run_id or "")
    RunFolder.fork(parent_dir, fork_dir, checkpoint, config.model_dump(mode="json"))
    return config, fork_dir
