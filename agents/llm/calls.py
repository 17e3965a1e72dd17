"""The record of one language-model call, as written to `llm_calls.jsonl`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Outcome(StrEnum):
    OK = "ok"
    REPAIRED = "repaired"
    FALLBACK = "fallback"
    DEGENERATE = "degenerate"  # answers parsed but made no sense; the fallback was used


class CallRecord(BaseModel):
    """One task run through a language model: who asked, what it cost, what came back.

    `prompt_key` identifies the prompt (a hash of task name and messages);
    `messages` and `output` keep the prompt beside the answer it produced,
    which is what a recorded run replays from. `tick` is the tick whose
    thinking the call served, also when it was answered ticks later (thinking
    left to run in the background). `reason` says why an answer that parsed
    was not used (a copied prompt, markup, a repeated line...).
    """

    model_config = ConfigDict(extra="forbid")

    wall_time: str
    agent: str
    task: str
    backend: str
    model: str
    prompt_key: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    cache_hit: bool = False
    retries: int = 0
    outcome: Outcome = Outcome.OK
    failure: str | None = None
    reason: str | None = None
    messages: list[dict[str, str]] = []
    output: dict[str, Any] = {}
    tick: int | None = None
