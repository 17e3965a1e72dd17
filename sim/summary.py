"""The run's summary: what was covered, what it cost, written as summary.json."""

from __future__ import annotations

from typing import Any

from sim.clock import GameClock
from sim.config import RunConfig
from sim.totals import Totals


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
) -> dict[str, Any]:
    """The figures a user wants at the end of a run, by task and per agent-hour."""
    game_hours = ticks_done * clock.tick_seconds / 3600
    agent_hours = max(game_hours * agents, 1e-9)
    spent = totals.all
    return {
        "run_id": run_id,
        "world": config.world,
        "scenario": config.scenario,
        "backend": backend,
        "seed": config.seed,
        "executor": config.executor,
        "agents": agents,
        "stop_reason": stop_reason,
        "ticks": ticks_done,
        "game_start": clock.time(0).isoformat(),
        "game_end": clock.time(ticks_done).isoformat(),
        "game_hours": round(game_hours, 4),
        "wall_seconds": round(totals.wall_seconds, 3),
        "events": totals.events,
        "wakes": totals.wakes,
        "calls": spent.calls,
        "tokens_in": spent.tokens_in,
        "tokens_out": spent.tokens_out,
        "cost_usd": round(spent.cost_usd, 6),
        "fallbacks": spent.fallbacks,
        "repaired": spent.repaired,
        "calls_per_agent_hour": round(spent.calls / agent_hours, 3) if game_hours else 0.0,
        "tokens_per_agent_hour": round((spent.tokens_in + spent.tokens_out) / agent_hours, 1)
        if game_hours
        else 0.0,
        "by_task": {
            task: {
                **bucket.model_dump(),
                "calls_per_agent_hour": round(bucket.calls / agent_hours, 3) if game_hours else 0.0,
            }
            for task, bucket in sorted(totals.by_task.items())
        },
        "calls_by_agent": dict(sorted(totals.by_agent.items())),
    }


def render_summary(summary: dict[str, Any], run_dir: str) -> str:
    """A few lines for the terminal at the end of a run."""
    lines = [
        f"Run {summary['run_id']} — {summary['world']}/{summary['scenario']}, "
        f"{summary['agents']} agents, backend {summary['backend']}: {summary['stop_reason']}",
        f"  game time  {summary['game_start'].replace('T', ' ')} → "
        f"{summary['game_end'].replace('T', ' ')} "
        f"({summary['game_hours']:.2f} h, {summary['ticks']} ticks)",
        f"  wall time  {summary['wall_seconds']:.1f} s",
        f"  events     {summary['events']} ({summary['wakes']} wakes)",
        f"  calls      {summary['calls']} ({summary['calls_per_agent_hour']} per agent-hour), "
        f"tokens {summary['tokens_in']} in / {summary['tokens_out']} out, "
        f"cost ${summary['cost_usd']:.4f}",
        f"  failures   {summary['fallbacks']} fallbacks, {summary['repaired']} repaired",
        f"  run folder {run_dir}",
    ]
    return "\n".join(lines)
