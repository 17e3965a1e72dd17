"""Runs against a real HTTP endpoint (the stand-in server): the run-wide limit and secrets."""

from __future__ import annotations

import json

import pytest

from sim import Simulation
from sim.events import parse_event
from tests.support.runs import GENERATIVE
from tests.support.standin_server import StandinServer, chat, slow

FAKE_KEY = "sk-HAMLET-FAKE-0000-do-not-log"


def endpoint_options(server: StandinServer, **llm) -> dict:
    return {
        "backend": "openai",
        "llm": {
            "base_url": server.url,
            "model": "standin-model",
            "api_key_env": "HAMLET_TEST_KEY",
            "timeout_s": 5,
            "max_retries": 1,
            "retry_base_s": 0.01,
            "retry_max_s": 0.02,
            **llm,
        },
    }


@pytest.mark.ray
@pytest.mark.slow
def test_the_concurrency_limit_holds_across_ray_actors(tmp_path):
    with StandinServer(default=slow(chat("not JSON at all"), 0.05)) as server:
        options = endpoint_options(server, concurrency=1)
        with Simulation.from_world(
            "tiny", executor="ray", ticks=2, out=tmp_path, run_id="gated", **options
        ) as sim:
            summary = sim.run(progress=False)
        requests = len(server.chat_requests)
        assert server.max_in_flight == 1
    # Every agent thought on the first tick, and the garbage answers were logged as fallbacks.
    assert requests >= 3 and summary.fallbacks == summary.calls > 0


@pytest.mark.ray
@pytest.mark.slow
def test_a_long_tick_reports_the_model_answers_it_has_had_so_far(tmp_path):
    with StandinServer(default=chat("not JSON at all", delay_s=0.4)) as server:
        options = endpoint_options(server, concurrency=1)
        with Simulation.from_world(
            "tiny", executor="ray", ticks=1, out=tmp_path, run_id="watched", **options
        ) as sim:
            reports: list[int] = []
            sim.step(on_wait=reports.append)
        answered = len(server.chat_requests)
    # One request at a time, 0.4 s each: a report about every second, counting up.
    assert answered >= 6 and len(reports) >= 2
    assert reports == sorted(reports) and reports[-1] <= answered
    assert reports[-1] > reports[0]


def test_the_api_key_never_reaches_the_run_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HAMLET_TEST_KEY", FAKE_KEY)
    with StandinServer(default=chat(f"I will not answer; my key is {FAKE_KEY}")) as server:
        with Simulation.from_world(
            "tiny",
            executor="inline",
            ticks=3,
            out=tmp_path,
            run_id="secret",
            **endpoint_options(server),
        ) as sim:
            sim.run(progress=False)
        sent = [r.headers.get("authorization", "") for r in server.chat_requests]
    assert sent and all(FAKE_KEY in header for header in sent)  # the key was used...
    run_dir = tmp_path / "secret"
    files = [p for p in run_dir.rglob("*") if p.is_file()]
    assert any(p.name == "llm_calls.jsonl" for p in files)
    for path in files:  # ...and is in no file of the run, even where the model echoed it
        assert FAKE_KEY.encode() not in path.read_bytes(), path
    config = json.loads((run_dir / "config.json").read_text())
    assert config["llm"]["api_key_env"] == "HAMLET_TEST_KEY"


def test_a_spent_token_budget_stops_the_run_cleanly_with_a_checkpoint_and_a_reason(tmp_path):
    # Every answer costs 11 + 7 tokens; the first tick alone spends more than 50.
    with StandinServer(default=chat("not JSON", tokens_in=11, tokens_out=7)) as server:
        with Simulation.from_world(
            "tiny",
            executor="inline",
            ticks=50,
            out=tmp_path,
            run_id="budget",
            budget_tokens=50,
            **endpoint_options(server, max_retries=0),
        ) as sim:
            summary = sim.run(progress=False)
    run_dir = tmp_path / "budget"
    events = [parse_event(line) for line in (run_dir / "events.jsonl").open()]
    stop = [e for e in events if e.type == "budget_exhausted"]
    assert len(stop) == 1 and "token budget spent" in stop[0].reason
    assert summary.stop_reason == stop[0].reason and summary.ticks == stop[0].tick + 1
    assert summary.tokens_in + summary.tokens_out >= 50
    assert max(e.tick for e in events) == stop[0].tick  # nothing after the stop
    resumable = sorted((run_dir / "checkpoints").glob("tick-*.json"))[-1]
    assert json.loads(resumable.read_text())["tick"] == stop[0].tick


def test_a_recorded_run_replays_without_any_server_to_the_same_events(
    tmp_path, generative_tiny_run
):
    # The shared scripted run is the recording; the replay runs with its options.
    common = dict(executor="inline", out=tmp_path, **GENERATIVE)
    recorded = generative_tiny_run
    with Simulation.from_world(
        "tiny", backend="replay", run_id="replayed", llm={"replay_from": str(recorded)}, **common
    ) as sim:
        summary = sim.run(progress=False)
    replayed = tmp_path / "replayed"
    assert summary.backend == "replay" and summary.calls > 0
    assert (replayed / "events.jsonl").read_text() == (recorded / "events.jsonl").read_text()
