"""The scripted backend is reproducible; a recorded run replays from its call log alone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agents.llm import ConfigError, LLMConfig, ReplayMiss, build_language_model, serve
from agents.llm.calls import CallRecord
from agents.llm.replay import ReplayLogError
from tests.agents.llm.sample_tasks import PlanErrands, RateMood

AGENTS = ["Mara", "Tobin", "Ilse"]


def workload():
    """A few agents' tasks, some prompts repeated (the same observation twice)."""
    jobs = []
    for agent in AGENTS:
        jobs.append((agent, RateMood(line=f"{agent} saw the baker open early.")))
        jobs.append((agent, PlanErrands(person=agent, needs=["bakery", "well", "forge"])))
        jobs.append((agent, RateMood(line=f"{agent} saw the baker open early.")))
    return jobs


def run_workload(model, jobs=None):
    async def go():
        # Concurrently, like agents in a tick: replay must not depend on order.
        return await asyncio.gather(*(model.run(task, agent=a) for a, task in jobs or workload()))

    return asyncio.run(go())


def scripted_answers(seed: int):
    return run_workload(build_language_model(LLMConfig(backend="scripted"), seed=seed))


def test_scripted_is_deterministic_for_a_seed():
    assert scripted_answers(7) == scripted_answers(7)


def test_scripted_answers_differ_across_seeds():
    assert scripted_answers(7) != scripted_answers(8)


def test_scripted_calls_are_recorded_and_named_scripted():
    model = build_language_model(LLMConfig(backend="scripted"), seed=3)
    run_workload(model)
    records = model.drain_calls()
    assert model.backend == "scripted"
    assert len(records) == len(workload())
    assert {r.backend for r in records} == {"scripted"}
    assert {r.outcome for r in records} == {"ok"}
    assert model.drain_calls() == []


def record_run(folder: Path, seed: int = 5) -> list:
    model = build_language_model(LLMConfig(backend="scripted"), seed=seed)
    answers = run_workload(model)
    lines = [r.model_dump_json() for r in model.drain_calls()]
    (folder / "llm_calls.jsonl").write_text("\n".join(lines) + "\n")
    return answers


def test_a_recorded_run_replays_identical_answers_without_a_server(tmp_path):
    recorded = record_run(tmp_path)
    config = LLMConfig(backend="replay", replay_from=tmp_path)
    with serve(config) as served:
        model = build_language_model(served, seed=999)  # the seed no longer matters
        replayed = run_workload(model)
    assert replayed == recorded
    records = model.drain_calls()
    assert model.backend == "replay"
    assert all(r.cache_hit and r.model == "scripted" for r in records)


def test_repeated_prompts_replay_in_recorded_order(tmp_path):
    # Two different recorded answers to the same prompt (a real model varies).
    task = RateMood(line="Bells at noon.")
    messages = task.messages()
    from agents.llm.accounting import prompt_key

    key = prompt_key(task, messages)
    lines = [
        CallRecord(
            wall_time="t", agent="Mara", task="rate_mood", backend="local:x", model="x",
            prompt_key=key, output={"score": score, "reason": "r"},
        ).model_dump_json()
        for score in (2, 9)
    ]  # fmt: skip
    (tmp_path / "llm_calls.jsonl").write_text("\n".join(lines))
    model = build_language_model(LLMConfig(backend="replay", replay_from=tmp_path), seed=0)
    answers = run_workload(model, [("Mara", task), ("Mara", task)])
    assert [a.score for a in answers] == [2, 9]
    with pytest.raises(ReplayMiss, match="occurrence 3"):
        asyncio.run(model.run(task, agent="Mara"))


def test_an_unseen_prompt_is_a_replay_miss_naming_task_agent_and_key(tmp_path):
    record_run(tmp_path)
    model = build_language_model(LLMConfig(backend="replay", replay_from=tmp_path), seed=0)
    with pytest.raises(ReplayMiss) as caught:
        asyncio.run(model.run(RateMood(line="Something never recorded."), agent="Mara"))
    message = str(caught.value)
    assert "'rate_mood'" in message and "'Mara'" in message and "rate_mood:" in message
    with pytest.raises(ReplayMiss, match="'Nobody'"):
        asyncio.run(model.run(RateMood(line="Mara saw the baker open early."), agent="Nobody"))


def test_replay_without_a_recording_is_a_clear_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match="replay_from"):
        with serve(LLMConfig(backend="replay")):
            pass
    with pytest.raises(ReplayLogError, match="llm_calls.jsonl"):
        with serve(LLMConfig(backend="replay", replay_from=tmp_path)):
            pass


def test_a_damaged_call_log_names_the_line(tmp_path):
    (tmp_path / "llm_calls.jsonl").write_text('{"agent": "Mara"}\n')
    with pytest.raises(ReplayLogError, match=r"llm_calls.jsonl:1"):
        build_language_model(LLMConfig(backend="replay", replay_from=tmp_path), seed=0)
