"""The replay backend: answers every prompt from a recorded run's call log, no server.

The call log (`llm_calls.jsonl`) keeps each call's prompt key beside its
validated output, so the recording is the log itself. The n-th time an agent
sends a prompt, it gets the answer recorded for the n-th time that agent sent
that prompt.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from agents.errors import HamletError
from agents.llm.backend import Capabilities, Completion, CompletionRequest
from agents.llm.calls import CallRecord

CALL_LOG = "llm_calls.jsonl"


class ReplayMiss(HamletError, LookupError):
    """The recorded run has no answer for this prompt: the replay has diverged."""


class ReplayLogError(HamletError, ValueError):
    """The recorded call log cannot be read."""


def call_log_path(run_dir: Path) -> Path:
    """The call log of a run folder; a clear error when there is none."""
    path = Path(run_dir) / CALL_LOG
    if not path.is_file():
        raise ReplayLogError(
            f"{run_dir}: no {CALL_LOG} here; replay_from must be the folder of a recorded run"
        )
    return path


class AnswerBook:
    """Recorded calls by (agent, prompt key), each handed out once, in recorded order."""

    def __init__(self, records: Iterable[CallRecord] = ()) -> None:
        self._recorded: dict[tuple[str, str], list[CallRecord]] = defaultdict(list)
        self._served: dict[tuple[str, str], int] = defaultdict(int)
        self.add(records)

    def add(self, records: Iterable[CallRecord]) -> None:
        for record in records:
            self._recorded[(record.agent, record.prompt_key)].append(record)

    def take(self, agent: str, key: str) -> CallRecord | None:
        """The next recorded call of `agent` with this prompt; None once there is none."""
        index = self._served[(agent, key)]
        recorded = self._recorded.get((agent, key), [])
        if index >= len(recorded):
            return None
        self._served[(agent, key)] = index + 1
        return recorded[index]

    def counts(self, agent: str, key: str) -> tuple[int, int]:
        """How many of this agent's calls with this prompt were handed out, and recorded."""
        return self._served[(agent, key)], len(self._recorded.get((agent, key), []))

    def unused(self) -> int:
        """Recorded calls not handed out yet."""
        return sum(len(r) - self._served[key] for key, r in self._recorded.items())

    def models(self) -> set[str]:
        return {r.model for records in self._recorded.values() for r in records}


def load_answers(path: Path) -> AnswerBook:
    """The recorded calls of a log, by agent and prompt key, in recorded order."""
    records: list[CallRecord] = []
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                records.append(CallRecord.model_validate_json(line))
            except ValidationError as exc:
                problems = "; ".join(
                    f"field {'.'.join(str(p) for p in e['loc']) or '(line)'}: {e['msg']}"
                    for e in exc.errors()
                )
                raise ReplayLogError(f"{path}:{lineno}: not a call record: {problems}") from exc
    return AnswerBook(records)


class ReplayBackend:
    """Answers from a recorded run's call log; raises `ReplayMiss` for any unseen prompt."""

    name = "replay"
    capabilities = Capabilities(structured_output="json_schema", trusted_answers=True)

    def __init__(self, run_dir: Path) -> None:
        self.path = call_log_path(run_dir)
        self._answers = load_answers(self.path)
        models = self._answers.models()
        self.model = models.pop() if len(models) == 1 else "replay"

    async def complete(self, request: CompletionRequest) -> Completion:
        record = self._answers.take(request.agent, request.prompt_key)
        if record is None:
            served, recorded = self._answers.counts(request.agent, request.prompt_key)
            raise ReplayMiss(
                f"{self.path}: no recorded answer for task {request.task.name!r}, "
                f"agent {request.agent!r}, prompt key {request.prompt_key!r} "
                f"(occurrence {served + 1}; the recording has {recorded}); "
                "the replayed run has diverged from the recorded one"
            )
        return Completion(text=json.dumps(record.output), model=record.model, cached=True)

    async def aclose(self) -> None:
        return None
