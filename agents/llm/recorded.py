"""A language model that first gives back answers a run already paid for, then asks its model.

A host brought back after its process died replays what its agents did
since their last snapshot; the answers they got then are in the run's call
log, so the replay asks no model and writes no record twice. A call with no
recorded answer (one the lost process made but never reported) goes to the
model as any other call.
"""

from __future__ import annotations

from agents.llm.accounting import prompt_key
from agents.llm.calls import CallRecord
from agents.llm.protocol import Out
from agents.llm.replay import AnswerBook
from agents.llm.runner import TaskRunner
from agents.llm.task import Task


class RecordedAnswers:
    """Wraps a host's language model; `load` gives it answers to hand back before asking."""

    def __init__(self, model: TaskRunner) -> None:
        self._model = model
        self.backend = model.backend
        self._answers = AnswerBook()
        self._agents: set[str] = set()

    def load(self, records: list[CallRecord]) -> None:
        """Answer the next calls with these: per agent and prompt, in recorded order."""
        self._answers.add(records)
        self._agents.update(record.agent for record in records)

    def unused(self) -> int:
        """Loaded answers no call has taken yet."""
        return self._answers.unused()

    def forget(self) -> None:
        """Drop the answers still loaded: from now on every call asks the model."""
        self._answers = AnswerBook()
        self._agents.clear()

    async def run(self, task: Task[Out], *, agent: str) -> Out:
        if agent in self._agents:
            key = prompt_key(task, self._model.messages_for(task))
            record = self._answers.take(agent, key)
            if record is not None:
                return task.output_model.model_validate(record.output)
        return await self._model.run(task, agent=agent)

    def drain_calls(self, agent: str | None = None) -> list[CallRecord]:
        return self._model.drain_calls(agent)

    async def aclose(self) -> None:
        await self._model.aclose()
