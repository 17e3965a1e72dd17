"""Fuzzing every task's answer parsing: whatever a model says, the task comes back as a
valid object (its answer, repaired, or its fallback) and its call record can be logged."""

from __future__ import annotations

import asyncio
import json

from hypothesis import given
from hypothesis import strategies as st

from agents.llm.answers import parse_answer
from agents.llm.backend import Capabilities, Completion, CompletionRequest
from agents.llm.runner import TaskRunner
from agents.tasks.samples import examples
from tests.support.fuzz import FUZZ, json_values, mutated

TASKS = examples()


def sample_answer(task) -> dict:
    """A well-formed answer for a task: its fallback, as the model would send it."""
    return task.fallback().model_dump(mode="json")


def wrapped(text: str, how: str) -> str:
    """An answer as models dress it: bare, fenced, or with chatter around it."""
    return {
        "bare": text,
        "fenced": f"```json\n{text}\n```",
        "chatty": f"Sure! Here it is: {text} Hope that helps.",
        "cut": text[: len(text) // 2],
    }[how]


@st.composite
def answers(draw: st.DrawFn, task) -> str:
    """Text a model might send for `task`: near-misses of a good answer, JSON, noise."""
    body = draw(
        st.one_of(
            mutated(sample_answer(task)).map(lambda d: json.dumps(d, allow_nan=True)),
            json_values.map(lambda d: json.dumps(d, allow_nan=True)),
            st.text(max_size=200),
        )
    )
    return wrapped(body, draw(st.sampled_from(["bare", "fenced", "chatty", "cut"])))


class Saying:
    """A backend that answers every request with the next of its texts."""

    name = "fuzz"
    model = "fuzz-model"
    capabilities = Capabilities()

    def __init__(self, texts: list[str]) -> None:
        self._texts = list(texts)

    async def complete(self, request: CompletionRequest) -> Completion:
        return Completion(text=self._texts.pop(0) if self._texts else "", model=self.model)

    async def aclose(self) -> None:
        return None


def task_and_answers():
    return st.sampled_from(range(len(TASKS))).flatmap(
        lambda i: st.tuples(st.just(TASKS[i]), answers(TASKS[i]), answers(TASKS[i]))
    )


@FUZZ
@given(task_and_answers())
def test_any_answer_text_parses_to_the_output_or_to_an_error_in_words(case):
    task, text, _ = case
    parsed = parse_answer(text, task.output_model)
    assert (parsed.value is None) != (parsed.error is None)
    if parsed.value is not None:
        json.dumps(parsed.value.model_dump(mode="json"))


@FUZZ
@given(task_and_answers())
def test_any_two_answers_give_the_task_a_valid_object_and_a_loggable_record(case):
    task, first, repair = case
    runner = TaskRunner(Saying([first, repair]))
    answer = asyncio.run(runner.run(task, agent="Isabella Rodriguez"))
    assert isinstance(answer, task.output_model)
    (record,) = runner.drain_calls()
    json.loads(record.model_dump_json())
