"""Events: what happened, one JSON object per line in `events.jsonl`.

Every event has `tick`, `time` (ISO game time), `type` and `agent` (None for
events of the world), plus the fields of its type:

- run_started: world, scenario, backend, seed, agents
- day_started: day (ISO date)
- woken: reasons (list of WakeReason values)
- action_started: description, address, emoji, duration_minutes
- action_finished: description, address
- arrived: address
- object_state: address, state
- utterance: listener, text, conversation, turn
- conversation_started: conversation, participants
- conversation_ended: conversation, participants, turns, reason
- memory_injected: text
- budget_exhausted: reason
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """One thing that happened at one tick."""

    model_config = ConfigDict(extra="allow", frozen=True)

    tick: int
    time: str
    type: str
    agent: str | None = None

    def fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})
