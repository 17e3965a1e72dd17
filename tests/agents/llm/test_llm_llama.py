"""The OpenAI-compatible path for real: the embedded llama.cpp server and its packaged model."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from agents.llm import LLMConfig, Outcome, build_language_model, serve
from agents.tasks import examples
from tests.agents.llm.sample_tasks import Mood, PlanErrands, RateMood
from tests.support.llama import llama_missing

pytestmark = pytest.mark.llama


if (reason := llama_missing()) is not None:
    pytest.skip(reason, allow_module_level=True)


@pytest.fixture(scope="module")
def local_config(tmp_path_factory):
    log = tmp_path_factory.mktemp("llama") / "llama_server.log"
    with serve(LLMConfig(backend="local", temperature=0.2), log_path=log) as config:
        yield config


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


def server_pids(base_url: str) -> list[int]:
    port = base_url.rsplit(":", 1)[1].split("/")[0]
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as cmd:
                    args = cmd.read().split(b"\0")
            except OSError:
                continue
            if b"llama_cpp.server" in args and port.encode() in args:
                pids.append(int(entry))
    return pids


def test_every_cognitive_task_returns_a_valid_object(local_config):
    model = build_language_model(local_config, seed=3)
    tasks = examples()

    async def go():
        return await asyncio.gather(*(model.run(task, agent="Isabella") for task in tasks))

    answers = asyncio.run(go())
    records = model.drain_calls()
    by_task = {r.task: r for r in records}  # records come in order of completion
    assert len(by_task) == len(tasks)
    for task, answer in zip(tasks, answers, strict=True):
        record = by_task[task.name]
        assert isinstance(answer, task.output_model), task.name
        assert task.output_model.model_validate(record.output) == answer
        assert record.backend == "local:SmolLM2-135M-Instruct"
        assert record.tokens_in > 0 and record.tokens_out > 0
    from_model = [r for r in records if r.outcome in (Outcome.OK, Outcome.REPAIRED)]
    assert len(from_model) >= len(records) // 2, [(r.task, r.failure) for r in records]


def test_a_small_task_gets_a_schema_shaped_answer_from_the_model(local_config):
    model = build_language_model(local_config, seed=1)

    async def go():
        return [
            await model.run(RateMood(line="We danced all night at the fair!"), agent="Mara"),
            await model.run(PlanErrands(person="Mara", needs=["bakery", "well"]), agent="Mara"),
        ]

    mood, errands = asyncio.run(go())
    records = model.drain_calls()
    assert isinstance(mood, Mood) and 1 <= mood.score <= 10
    assert 1 <= len(errands.errands) <= 6
    # Grammar-constrained output: the JSON at least parses; bounds are validated here.
    assert all(r.outcome != Outcome.FALLBACK or "no JSON" not in r.failure for r in records)
    assert any(r.outcome in (Outcome.OK, Outcome.REPAIRED) for r in records)


def test_the_real_server_is_gone_after_the_run_and_after_a_crash():
    started = time.perf_counter()
    with serve(LLMConfig(backend="local")) as config:
        (pid,) = server_pids(config.base_url)
        assert alive(pid)
    assert not alive(pid)
    with pytest.raises(KeyboardInterrupt):
        with serve(LLMConfig(backend="local")) as config:
            (pid,) = server_pids(config.base_url)
            raise KeyboardInterrupt  # Ctrl-C in the driver
    assert not alive(pid)
    assert time.perf_counter() - started < 120  # two start-ups, not a hang


def test_a_rating_on_the_embedded_model_gives_one_score_per_memory(local_config):
    from agents.tasks.importance import RateImportance

    model = build_language_model(local_config, seed=2)
    memories = ("ate toast", "saw a fire at the bakery", "watered the roses", "got married")
    task = RateImportance(agent="Agnes Pell", identity="Agnes is a florist.", memories=memories)
    answer = asyncio.run(model.run(task, agent="Agnes Pell"))
    [record] = model.drain_calls()
    assert record.outcome is Outcome.OK, record.failure
    assert len(answer.scores) == len(memories)
