"""Running totals of model calls, kept across a resume, and the run's summary."""

from __future__ import annotations

from pydantic import BaseModel

from agents.llm import CallRecord, Outcome


class TaskTotals(BaseModel):
    calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    fallbacks: int = 0
    repaired: int = 0
    degenerate: int = 0  # fell back because the answers made no sense
    cache_hits: int = 0
    latency_s: float = 0.0


class Totals(BaseModel):
    """What the run has spent so far, overall and by task."""

    ticks: int = 0
    events: int = 0
    wakes: int = 0
    wall_seconds: float = 0.0
    all: TaskTotals = TaskTotals()
    by_task: dict[str, TaskTotals] = {}
    by_agent: dict[str, int] = {}

    def add_calls(self, records: list[CallRecord]) -> None:
        for record in records:
            self.by_agent[record.agent] = self.by_agent.get(record.agent, 0) + 1
            for bucket in (self.all, self.by_task.setdefault(record.task, TaskTotals())):
                bucket.calls += 1
                bucket.tokens_in += record.tokens_in
                bucket.tokens_out += record.tokens_out
                bucket.cost_usd += record.cost_usd
                bucket.latency_s += record.latency_s
                bucket.fallbacks += record.outcome == Outcome.FALLBACK
                bucket.repaired += record.outcome == Outcome.REPAIRED
                bucket.degenerate += record.outcome == Outcome.DEGENERATE
                bucket.cache_hits += record.cache_hit

    def over_budget(self, tokens: int | None, usd: float | None) -> str | None:
        """Why the budget is spent, or None while it is not."""
        spent_tokens = self.all.tokens_in + self.all.tokens_out
        if tokens is not None and spent_tokens >= tokens:
            return f"token budget spent: {spent_tokens} of {tokens} tokens"
        if usd is not None and self.all.cost_usd >= usd:
            return f"cost budget spent: ${self.all.cost_usd:.4f} of ${usd:.4f}"
        return None
