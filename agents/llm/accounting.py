"""Prompt keys and the buffer of call records a model keeps until drained."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from agents.llm.calls import CallRecord
from agents.llm.task import Task


def prompt_key(task: Task, messages: list[dict[str, str]]) -> str:
    """A stable key for a task's prompt: its name and the hash of its messages."""
    digest = hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()[:16]
    return f"{task.name}:{digest}"


def wall_clock() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class CallBuffer:
    """Collects call records in order; the host drains them once a tick."""

    def __init__(self) -> None:
        self._records: list[CallRecord] = []

    def add(self, record: CallRecord) -> None:
        self._records.append(record)

    def drain(self) -> list[CallRecord]:
        records, self._records = self._records, []
        return records
