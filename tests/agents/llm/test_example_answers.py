"""An example answer closes the prompt for small models; an answer that copies it is caught."""

from __future__ import annotations

import asyncio
import json

import pytest

from agents.llm.calls import Outcome
from agents.llm.config import LLMConfig
from agents.llm.factory import build_language_model
from agents.llm.recorded import RecordedAnswers
from agents.llm.runner import TaskRunner
from agents.llm.task import EXAMPLE_LEAD
from agents.tasks import examples
from tests.support.canned import Canned

WITH_EXAMPLES = [task for task in examples() if task.example is not None]
OWN_WORDS = {"decompose": {"steps": [{"activity": "sweep the shop floor", "minutes": 10}]}}


@pytest.mark.parametrize("task", WITH_EXAMPLES, ids=lambda task: task.name)
def test_an_example_is_a_valid_answer_shown_only_when_asked(task):
    task.output_model.model_validate(task.example)
    shown = task.messages(example=True)[-1]["content"]
    assert shown.endswith(json.dumps(task.example, ensure_ascii=False))
    assert EXAMPLE_LEAD in shown
    assert task.messages() == task.messages(example=False)
    assert EXAMPLE_LEAD not in task.messages()[-1]["content"]


def run(task, answer: dict, *, examples_on: bool):
    backend = Canned(json.dumps(answer))
    runner = TaskRunner(backend, repair_degenerate=False, examples=examples_on)
    asyncio.run(runner.run(task, agent="Isabella Rodriguez"))
    (record,) = runner.drain_calls()
    return record, backend.seen[0].messages


@pytest.mark.parametrize("task", WITH_EXAMPLES, ids=lambda task: task.name)
def test_an_answer_copying_the_shown_example_is_degenerate_one_in_its_own_words_is_not(task):
    record, sent = run(task, task.example, examples_on=True)
    assert EXAMPLE_LEAD in sent[-1]["content"]
    assert record.outcome == Outcome.DEGENERATE and "cop" in (record.reason or "")
    record, _ = run(task, OWN_WORDS[task.name], examples_on=True)
    assert record.outcome == Outcome.OK
    # Not shown, the same words are the model's own.
    record, sent = run(task, task.example, examples_on=False)
    assert EXAMPLE_LEAD not in sent[-1]["content"] and record.outcome == Outcome.OK


def test_the_embedded_model_is_shown_examples_only_when_the_configuration_asks():
    task = WITH_EXAMPLES[0]
    served = {"backend": "local", "base_url": "http://127.0.0.1:9/v1"}  # never called here

    def last_message(**settings) -> str:
        runner = build_language_model(LLMConfig(**served, **settings), seed=0)
        return runner.messages_for(task)[-1]["content"]

    assert EXAMPLE_LEAD not in last_message()
    assert EXAMPLE_LEAD in last_message(example_answers=True)


def test_recorded_answers_are_found_under_the_prompt_the_model_sends():
    task = WITH_EXAMPLES[0]
    runner = TaskRunner(Canned(json.dumps(OWN_WORDS[task.name])), examples=True)
    asyncio.run(runner.run(task, agent="Isabella Rodriguez"))
    (record,) = runner.drain_calls()
    replaying = RecordedAnswers(TaskRunner(Canned(), examples=True))
    replaying.load([record])
    answer = asyncio.run(replaying.run(task, agent="Isabella Rodriguez"))
    assert answer.model_dump(mode="json") == OWN_WORDS[task.name]
    assert replaying.unused() == 0
