"""The benchmark's stand-in endpoint: the scripted answers over real HTTP, after a set latency."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from agents.llm.degenerate import degenerate_reason
from agents.tasks import examples
from agents.tasks.conversation import NextUtterance
from bench.standin_server import Timing, latency_standin, scripted_reply
from sim.cli import main as hamlet

ROOT = Path(__file__).resolve().parents[2]


def answer_of(reply) -> tuple[str, dict]:
    body = json.loads(reply.body)
    return body["choices"][0]["message"]["content"], body["usage"]


def test_every_task_gets_a_valid_answer_with_token_counts_from_its_length():
    for task in examples():
        reply = scripted_reply(task.messages(), Timing(latency_s=0.0))
        text, usage = answer_of(reply)
        task.output_model.model_validate_json(text)  # raises if the answer does not fit
        prompt_chars = sum(len(m["content"]) for m in task.messages())
        assert prompt_chars / 8 < usage["prompt_tokens"] < prompt_chars / 2, task.name
        assert 0 < usage["completion_tokens"] <= len(text), task.name


def test_the_same_request_gets_the_same_answer_and_only_the_delay_depends_on_the_seed():
    messages = examples()[0].messages()
    first = scripted_reply(messages, Timing(latency_s=1.0, jitter_s=0.5, seed=1))
    again = scripted_reply(messages, Timing(latency_s=1.0, jitter_s=0.5, seed=1))
    other = scripted_reply(messages, Timing(latency_s=1.0, jitter_s=0.5, seed=2))
    assert first == again
    assert answer_of(first) == answer_of(other) and first.delay_s != other.delay_s
    assert all(0.5 <= r.delay_s <= 1.5 for r in (first, other))
    assert scripted_reply(messages, Timing(latency_s=0.3)).delay_s == 0.3


def test_a_prompt_no_task_wrote_is_refused():
    for messages in ([{"role": "user", "content": "Tell me a joke."}], ["a string"], None):
        reply = scripted_reply(messages, Timing(0.0))
        assert reply.status == 400 and b"no task" in reply.body


def test_a_line_already_said_is_not_said_again():
    # Three of the five middle lines are said already: a first draw repeats one
    # of them more often than not.
    dialogue = (
        "Ada Reyes: Did you hear anything new around town?",
        "Bo Lind: That sounds lovely. Tell me more!",
        "Ada Reyes: I have been busy with my work.",
    )
    refused = 0
    for minute in range(40):
        task = NextUtterance(
            speaker="Bo Lind",
            listener="Ada Reyes",
            summary="Bo keeps the bakery.",
            time=f"10:{minute:02d}",
            dialogue=dialogue,
            turn=3,
        )
        text, _ = answer_of(scripted_reply(task.messages(), Timing(0.0)))
        answer = task.output_model.model_validate_json(text).model_dump(mode="json")
        refused += (
            degenerate_reason(answer, task.answer_shape, task.prompt_context(task.messages()))
            is not None
        )
    assert refused == 0


def run_tiny(url: str, out: Path, run_id: str) -> Path:
    options = ["--world", "tiny", "--backend", "openai", "--base-url", url]
    options += ["--model", "standin-model", "--executor", "inline", "--ticks", "60", "--seed", "3"]
    assert hamlet(["run", *options, "--no-progress", "--out", str(out), "--run-id", run_id]) == 0
    return out / run_id


def start_standin(port_file: Path, *options: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(ROOT / "bench" / "standin_server.py"), *options]
    process = subprocess.Popen([*command, "--port-file", str(port_file)], env=env)
    for _ in range(600):
        if port_file.exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    assert port_file.exists(), "the stand-in did not write its port"
    return process


def test_a_run_through_the_standin_is_clean_and_the_same_whatever_the_delays(tmp_path):
    port_file = tmp_path / "port"
    process = start_standin(port_file, "--latency", "0.03", "--jitter", "0.03", "--seed", "1")
    try:
        port = int(port_file.read_text())
        first = run_tiny(f"http://127.0.0.1:{port}/v1", tmp_path, "first")
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    assert not port_file.exists()
    # Other delays, so other arrival orders: the same answers all the same.
    with latency_standin(Timing(latency_s=0.03, jitter_s=0.03, seed=2)) as server:
        second = run_tiny(server.url, tmp_path, "second")
    calls = [json.loads(line) for line in (first / "llm_calls.jsonl").open()]
    tasks = {call["task"] for call in calls}
    assert len(calls) > 10 and {"plan_day", "choose_action", "next_utterance"} <= tasks
    assert all(call["outcome"] == "ok" and call["tokens_in"] > 0 for call in calls)
    assert (first / "events.jsonl").read_bytes() == (second / "events.jsonl").read_bytes()
