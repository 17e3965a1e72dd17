"""The language model the mind talks to: a backend plus validation, repair, fallback, records.

Every backend (HTTP endpoint, scripted rules, a replayed recording) is run
through this one class, so a task always comes back as a valid object and
every call leaves exactly one `CallRecord`, whatever the backend.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from agents.llm.accounting import CallBuffer, issue_tick, prompt_key, wall_clock
from agents.llm.answers import parse_answer, quote, repair_messages
from agents.llm.backend import Backend, BackendFailure, Completion, CompletionRequest
from agents.llm.calls import CallRecord, Outcome
from agents.llm.protocol import Out
from agents.llm.redaction import redact
from agents.llm.task import Task


class TaskRunner:
    """Runs tasks on a backend; a bad or failed answer becomes the task's fallback.

    Raises only for programming errors (a template naming a missing
    variable, a task without a fallback) and for a replay that has no
    recorded answer (`ReplayMiss`).
    """

    def __init__(
        self,
        backend: Backend,
        *,
        name: str | None = None,
        repair_degenerate: bool = True,
        examples: bool = False,
    ) -> None:
        self._backend = backend
        self.backend = name or backend.name
        self._calls = CallBuffer()
        self._trusted = backend.capabilities.trusted_answers
        self._repair_degenerate = repair_degenerate
        self._examples = examples

    async def run(self, task: Task[Out], *, agent: str) -> Out:
        started = time.perf_counter()
        messages = self.messages_for(task)
        request = CompletionRequest(
            task=task,
            agent=agent,
            prompt_key=prompt_key(task, messages),
            messages=messages,
            schema=task.output_schema(),
            max_tokens=task.max_tokens,
        )
        tally = _Tally(model=self._backend.model)
        answer: Out | None = None
        try:
            answer = await self._attempt(request, tally)
        except BackendFailure as exc:
            tally.retries += exc.retries
            tally.failure = exc.reason
        if answer is None:
            answer = task.fallback()
            if tally.outcome is Outcome.OK:
                tally.outcome = Outcome.FALLBACK
        self._calls.add(
            CallRecord(
                wall_time=wall_clock(),
                agent=agent,
                task=task.name,
                backend=self.backend,
                model=tally.model,
                prompt_key=request.prompt_key,
                tokens_in=tally.tokens_in,
                tokens_out=tally.tokens_out,
                latency_s=round(time.perf_counter() - started, 6),
                cost_usd=self._backend.capabilities.cost_usd(tally.tokens_in, tally.tokens_out),
                cache_hit=tally.cached,
                retries=tally.retries,
                outcome=tally.outcome,
                # Model text is quoted in failures; a key echoed back must not be.
                failure=redact(tally.failure) if tally.failure else None,
                reason=redact(tally.reason) if tally.reason else None,
                messages=messages,
                output=answer.model_dump(mode="json"),
                tick=issue_tick(),
            )
        )
        return answer

    async def _attempt(self, request: CompletionRequest, tally: _Tally) -> Out | None:
        first = await self._backend.complete(request)
        tally.count(first)
        verdict = _judge(request, first, self._trusted)
        if verdict.value is not None:
            return verdict.value
        tally.reason = verdict.reason
        if verdict.reason is not None and not self._repair_degenerate:
            tally.outcome = Outcome.DEGENERATE
            tally.failure = f"{verdict.label}: {verdict.problem}; answer was {quote(first.text)}"
            return None
        repair = request.repair(
            repair_messages(
                request.messages,
                first.text,
                verdict.problem,
                request.task.output_model,
                verdict=verdict.heading,
            )
        )
        try:
            second = await self._backend.complete(repair)
        except BackendFailure as exc:
            tally.retries += exc.retries
            tally.failure = f"{verdict.label} ({verdict.problem}); repair call failed: {exc.reason}"
            return None
        tally.count(second)
        repaired = _judge(request, second, self._trusted)
        if repaired.value is not None:
            tally.outcome = Outcome.REPAIRED
            tally.failure = f"first answer {verdict.kind}: {verdict.problem}"
            return repaired.value
        if repaired.reason is not None:
            tally.outcome = Outcome.DEGENERATE
            tally.reason = repaired.reason
        tally.failure = (
            f"{repaired.label} after one repair: {repaired.problem}; "
            f"answer was {quote(second.text)}"
        )
        return None

    def messages_for(self, task: Task[Any]) -> list[dict[str, str]]:
        """The chat messages this model sends for `task` (with its example answer, if it
        shows examples)."""
        return task.messages(example=self._examples)

    def drain_calls(self, agent: str | None = None) -> list[CallRecord]:
        return self._calls.drain(agent)

    async def aclose(self) -> None:
        await self._backend.aclose()


class _Tally:
    """What one task's calls added up to, across retries and the repair."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.tokens_in = 0
        self.tokens_out = 0
        self.retries = 0
        self.cached = False
        self.outcome = Outcome.OK
        self.failure: str | None = None
        self.reason: str | None = None

    def count(self, completion: Completion) -> None:
        self.model = completion.model or self.model
        self.tokens_in += completion.tokens_in
        self.tokens_out += completion.tokens_out
        self.retries += completion.retries
        self.cached = self.cached or completion.cached


@dataclass(frozen=True)
class _Verdict:
    """One answer judged: its value when usable, else what was wrong (`reason` if it parsed)."""

    value: Any = None
    error: str | None = None
    reason: str | None = None

    @property
    def problem(self) -> str:
        return self.reason or self.error or "invalid answer"

    @property
    def kind(self) -> str:
        return "degenerate" if self.reason else "invalid"

    @property
    def label(self) -> str:
        return f"{self.kind} answer"

    @property
    def heading(self) -> str:
        # The repair prompt's first words: a degenerate answer was valid, just not usable.
        return "That answer cannot be used" if self.reason else "That answer was not valid"


def _judge(request: CompletionRequest, completion: Completion, trusted: bool) -> _Verdict:
    """Parse an answer, then check that it makes sense unless the backend's answers are trusted."""
    task = request.task
    parsed = parse_answer(completion.text, task.output_model)
    if parsed.value is None:
        return _Verdict(error=parsed.error or "invalid answer")
    if trusted:
        return _Verdict(value=parsed.value)
    reason = task.unusable(parsed.value, request.messages)
    if reason is not None:
        return _Verdict(reason=reason)
    return _Verdict(value=parsed.value)
