"""What the run's thinking cost: calls, tokens, money and latency, and what went wrong."""

from __future__ import annotations

import pandas as pd

from sim.analysis.loading import RunData

_SUMS = {
    "calls": ("task", "size"),
    "tokens_in": ("tokens_in", "sum"),
    "tokens_out": ("tokens_out", "sum"),
    "cost_usd": ("cost_usd", "sum"),
    "latency_s": ("latency_s", "sum"),
    "mean_latency_s": ("latency_s", "mean"),
    "fallbacks": ("is_fallback", "sum"),
    "repaired": ("is_repaired", "sum"),
    "degenerate": ("is_degenerate", "sum"),
    "cache_hits": ("cache_hit", "sum"),
    "retries": ("retries", "sum"),
}


def _grouped(run: RunData, key: str) -> pd.DataFrame:
    calls = run.calls.copy()
    if calls.empty:
        return pd.DataFrame(columns=[key, *_SUMS, "calls_per_agent_hour"])
    calls["is_fallback"] = calls.outcome == "fallback"
    calls["is_repaired"] = calls.outcome == "repaired"
    calls["is_degenerate"] = calls.outcome == "degenerate"
    calls["cache_hit"] = calls.cache_hit.astype(bool)
    table = calls.groupby(key, dropna=False).agg(**_SUMS).reset_index()
    table["mean_latency_s"] = table.mean_latency_s.round(4)
    table["latency_s"] = table.latency_s.round(4)
    return table


def agent_hours(run: RunData) -> float:
    """Agents × game hours covered: the denominator of the paper's per-agent-hour cost."""
    hours = (run.last_tick + 1) * run.tick_seconds / 3600
    return max(hours * len(run.agents), 1e-9)


def cost_by_task(run: RunData) -> pd.DataFrame:
    """Calls, tokens, cost and latency per cognitive task, with calls per agent per game hour.

    The paper's reference code made about 55 calls per agent per game hour
    (DESIGN.md, "The call budget"); `calls_per_agent_hour` is the figure to
    compare with it.
    """
    table = _grouped(run, "task")
    table["calls_per_agent_hour"] = (table.calls / agent_hours(run)).round(2)
    return table.sort_values("calls", ascending=False).reset_index(drop=True)


def cost_by_agent(run: RunData) -> pd.DataFrame:
    """Calls, tokens, cost and latency per agent."""
    table = _grouped(run, "agent")
    hours = agent_hours(run) / max(len(run.agents), 1)
    table["calls_per_agent_hour"] = (table.calls / hours).round(2)
    return table.sort_values("agent").reset_index(drop=True)


def cost_by_hour(run: RunData) -> pd.DataFrame:
    """Calls, tokens, cost and latency per game hour: where the load fell in the day."""
    table = _grouped(run, "game_hour")
    table["calls_per_agent_hour"] = (table.calls / max(len(run.agents), 1)).round(2)
    return table.sort_values("game_hour").reset_index(drop=True)


def failures(run: RunData) -> pd.DataFrame:
    """Every call that fell back to its task's safe default or needed repair, with why.

    `reason` says what made an answer that parsed unusable (outcome "degenerate",
    or "repaired" after one); runs recorded before it was kept leave it empty.
    """
    calls = run.calls
    if calls.empty:
        return calls.copy()
    bad = calls[(calls.outcome != "ok") | calls.failure.notna()]
    columns = ["game_time", "agent", "task", "outcome", "retries", "failure", "reason"]
    return bad[columns].reset_index(drop=True)


def cost_totals(run: RunData) -> dict[str, float | int]:
    """The run's whole bill: calls, tokens, cost, fallbacks, and calls per agent per game hour."""
    calls = run.calls
    total = len(calls)
    return {
        "calls": total,
        "tokens_in": int(calls.tokens_in.sum()) if total else 0,
        "tokens_out": int(calls.tokens_out.sum()) if total else 0,
        "cost_usd": round(float(calls.cost_usd.sum()), 6) if total else 0.0,
        "fallbacks": int((calls.outcome == "fallback").sum()) if total else 0,
        "repaired": int((calls.outcome == "repaired").sum()) if total else 0,
        "degenerate": int((calls.outcome == "degenerate").sum()) if total else 0,
        "calls_per_agent_hour": round(total / agent_hours(run), 2),
    }
