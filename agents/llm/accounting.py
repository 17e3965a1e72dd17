"""Prompt keys, the tick a call is made for, and the buffer of call records until drained."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from agents.llm.calls import CallRecord
from agents.llm.task import Task


def prompt_key(task: Task, messages: list[dict[str, str]]) -> str:
    """A stable key for a task's prompt: its name and the hash of its messages."""
    digest = hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()[:16]
    return f"{task.name}:{digest}"


# The tick whose thinking a call serves. A host sets it around each agent's
# decision; work the decision leaves running in the background inherits it
# (an asyncio task copies its creator's context), so a call answered ticks
# later still names the tick that asked for it.
_ISSUE_TICK: ContextVar[int | None] = ContextVar("issue_tick", default=None)


@contextmanager
def issued_at(tick: int) -> Iterator[None]:
    """Calls made in this block, and by the work it starts, are recorded for `tick`."""
    token = _ISSUE_TICK.set(tick)
    try:
        yield
    finally:
        _ISSUE_TICK.reset(token)


def issue_tick() -> int | None:
    """The tick the current call is made for (None outside a host's decision)."""
    return _ISSUE_TICK.get()


def wall_clock() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class CallBuffer:
    """Collects call records in order; the host drains each agent's after its decision."""

    def __init__(self) -> None:
        self._records: list[CallRecord] = []

    def add(self, record: CallRecord) -> None:
        self._records.append(record)

    def drain(self, agent: str | None = None) -> list[CallRecord]:
        """The records so far (only `agent`'s, if given), oldest first; they leave the buffer."""
        if agent is None:
            records, self._records = self._records, []
            return records
        records = [r for r in self._records if r.agent == agent]
        self._records = [r for r in self._records if r.agent != agent]
        return records
