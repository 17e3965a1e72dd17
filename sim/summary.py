"""The run's summary: what was covered, what it cost, written as summary.json."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from sim.clock import GameClock
from sim.config import RunConfig
from sim.totals import TaskTotals, Totals


class TaskSummary(TaskTotals):
    """What one cognitive task cost over the run."""

    calls_per_agent_hour: float = 0.0


class RunSummary(BaseModel):
    """The figures a user wants at the end of a run; `summary.json` holds the same."""

    run_id: str
    world: str
    scenario: str
    backend: str
    seed: int
    executor: str
    agents: int
    stop_reason: str
    ticks: int
    game_start: str  # ISO game time
    game_end: str
    game_hours: float
    wall_seconds: float
    events: int
    wakes: int
    calls: int
    tokens_in: int
    tokens_out: int
    cost_usd: float
    fallbacks: int
    repaired: int
    degenerate: int = 0
    calls_per_agent_hour: float
    tokens_per_agent_hour: float
    by_task: dict[str, TaskSummary] = {}
    calls_by_agent: dict[str, int] = {}

    def to_json(self) -> str:
        """The text of `summary.json`."""
        return json.dumps(self.model_dump(mode="json"), indent=2)

    @classmethod
    def read(cls, path: Path) -> RunSummary:
        """A run's summary from its `summary.json`."""
        return cls.model_validate_json(path.read_text(encoding="utf-8"))


def build_summary(
    *,
    run_id: str,
    config: RunConfig,
    backend: str,
    clock: GameClock,
    totals: Totals,
    ticks_done: int,
    agents: int,
    stop_reason: str,
) -> RunSummary:
    """The figures a user wants at the end of a run, by task and per agent-hour."""
    game_hours = ticks_done * clock.tick_seconds / 3600
    agent_hours = max(game_hours * agents, 1e-9)
    spent = totals.all
    return RunSummary(
        run_id=run_id,
        world=config.world,
        scenario=config.scenario,
        backend=backend,
        seed=config.seed,
        executor=config.executor,
        agents=agents,
        stop_reason=stop_reason,
        ticks=ticks_done,
        game_start=clock.time(0).isoformat(),
        game_end=clock.time(ticks_done).isoformat(),
        game_hours=round(game_hours, 4),
        wall_seconds=round(totals.wall_seconds, 3),
        events=totals.events,
        wakes=totals.wakes,
        calls=spent.calls,
        tokens_in=spent.tokens_in,
        tokens_out=spent.tokens_out,
        cost_usd=round(spent.cost_usd, 6),
        fallbacks=spent.fallbacks,
        repaired=spent.repaired,
        degenerate=spent.degenerate,
        calls_per_agent_hour=round(spent.calls / agent_hours, 3) if game_hours else 0.0,
        tokens_per_agent_hour=round((spent.tokens_in + spent.tokens_out) / agent_hours, 1)
        if game_hours
        else 0.0,
        by_task={
            task: TaskSummary(
                **bucket.model_dump(),
                calls_per_agent_hour=round(bucket.calls / agent_hours, 3) if game_hours else 0.0,
            )
            for task, bucket in sorted(totals.by_task.items())
        },
        calls_by_agent=dict(sorted(totals.by_agent.items())),
    )


def render_summary(summary: RunSummary, run_dir: str) -> str:
    """A few lines for the terminal at the end of a run."""
    s = summary
    lines = [
        f"Run {s.run_id} — {s.world}/{s.scenario}, "
        f"{s.agents} agents, backend {s.backend}: {s.stop_reason}",
        f"  game time  {s.game_start.replace('T', ' ')} → {s.game_end.replace('T', ' ')} "
        f"({s.game_hours:.2f} h, {s.ticks} ticks)",
        f"  wall time  {s.wall_seconds:.1f} s",
        f"  events     {s.events} ({s.wakes} wakes)",
        f"  calls      {s.calls} ({s.calls_per_agent_hour} per agent-hour), "
        f"tokens {s.tokens_in} in / {s.tokens_out} out, cost ${s.cost_usd:.4f}",
        f"  failures   {s.fallbacks} fallbacks, {s.degenerate} degenerate, {s.repaired} repaired",
        f"  run folder {run_dir}",
    ]
    return "\n".join(lines)
