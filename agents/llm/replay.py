"""The replay backend: answers every prompt from a recorded run's call log, no server.

The call log (`llm_calls.jsonl`) keeps each call's prompt key beside its
validated output, so the recording is the log itself. The n-th time an agent
sends a prompt, it gets the answer recorded for the n-th time that agent sent
that prompt.
"""

from __future__ import annotations

import json
from collections import defaultdict
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


def load_answers(path: Path) -> dict[tuple[str, str], list[CallRecord]]:
    """The recorded calls of a log, grouped by (agent, prompt key), in recorded order."""
    answers: dict[tuple[str, str], list[CallRecord]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = CallRecord.model_validate_json(line)
            except ValidationError as exc:
                problems = "; ".join(
                    f"field {'.'.join(str(p) for p in e['loc']) or '(line)'}: {e['msg']}"
                    for e in exc.errors()
                )
                raise ReplayLogError(f"{path}:{lineno}: not a call record: {problems}") from exc
            answers[(record.agent, record.prompt_key)].append(record)
    return answers


class ReplayBackend:
    """Answers from a recorded run's call log; raises `ReplayMiss` for any unseen prompt."""

    name = "replay"
    capabilities = Capabilities(structured_output="json_schema", trusted_answers=True)

    def __init__(self, run_dir: Path) -> None:
        self.path = call_log_path(run_dir)
        self._answers = load_answers(self.path)
        self._served: dict[tuple[str, str], int] = defaultdict(int)
        models = {r.model for records in self._answers.values() for r in records}
        self.model = models.pop() if len(models) == 1 else "replay"

    async def complete(self, request: CompletionRequest) -> Completion:
        key = (request.agent, request.prompt_key)
        index = self._served[key]
        recorded = self._answers.get(key, [])
        if index >= len(recorded):
            raise ReplayMiss(
                f"{self.path}: no recorded answer for task {request.task.name!r}, "
                f"agent {request.agent!r}, prompt key {request.prompt_key!r} "
                f"(occurrence {index + 1}; the recording has {len(recorded)}); "
                "the replayed run has diverged from the recorded one"
            )
        self._served[key] = index + 1
        record = recorded[index]
        return Completion(text=json.dumps(record.output), model=record.model, cached=True)

    async def aclose(self) -> None:
        return None
