"""A resident's Ray actor killed mid-run is replaced: the run goes on, its record unchanged."""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.standin_server import Timing, latency_standin
from sim import Simulation
from sim.errors import ActorLost
from tests.support.runs import GENERATIVE, events_of

pytestmark = [pytest.mark.ray, pytest.mark.slow]


def answers_of(run_dir: Path) -> Counter:
    """Each call's agent, prompt and answer, as many times as the call log has them."""
    return Counter(
        (record["agent"], record["prompt_key"], json.dumps(record["output"], sort_keys=True))
        for record in map(json.loads, (run_dir / "llm_calls.jsonl").open())
    )


def kill_one(sim: Simulation, rng: random.Random, victim: str | None = None) -> str:
    """SIGKILL the process of `victim`'s actor (else a live one chosen by `rng`); whose it was."""
    pids = sim.executor.actor_pids()
    name = victim or rng.choice(sorted(pids))
    os.kill(pids[name], signal.SIGKILL)
    return name


def run_killing_at(
    out: Path, run_id: str, kill_ticks: set[int], victim: str | None = None, **options: Any
) -> Path:
    """A Ray run of the tiny town whose actors are killed between the given ticks."""
    rng = random.Random(7)
    options = {"executor": "ray", **GENERATIVE, **options}
    backend = None if "llm" in options else "scripted"
    with Simulation.from_world("tiny", backend=backend, out=out, run_id=run_id, **options) as sim:

        def kill_when_due() -> None:
            if sim.tick in kill_ticks:
                kill_one(sim, rng, victim)

        sim.run(progress=False, stop_when=kill_when_due)
        return sim.run_dir


@pytest.mark.parametrize("scheduler", ["lockstep", "out-of-order"])
def test_actors_killed_between_ticks_change_no_event_and_repeat_no_call(
    tmp_path, generative_tiny_run, scheduler
):
    # Two kills inside one checkpoint interval (every 120 ticks), one in another.
    killed = run_killing_at(tmp_path, "killed", {3, 61, 62, 200}, scheduler=scheduler)
    assert events_of(killed) == events_of(generative_tiny_run)
    assert answers_of(killed) == answers_of(generative_tiny_run)


def test_past_the_bound_on_restarts_the_run_stops_and_resumes_to_the_same_events(
    tmp_path, generative_tiny_run
):
    with pytest.raises(ActorLost) as stopped:
        run_killing_at(tmp_path, "lost", {130}, victim="Owen Hale", actor_restarts=0)
    message = str(stopped.value)
    assert "--resume" in message and "Owen Hale" in message and "at most 0 restarts" in message
    assert "\n" not in message
    with Simulation.resume(tmp_path / "lost") as sim:
        assert sim.tick == 120  # the checkpoint before the kills
        sim.run(progress=False)
    assert events_of(tmp_path / "lost") == events_of(generative_tiny_run)


@pytest.fixture
def standin() -> Any:
    with latency_standin(Timing(latency_s=0.02)) as server:
        yield server


def standin_options(url: str) -> dict[str, Any]:
    return {
        "llm": {"backend": "openai", "base_url": url, "model": "standin-model", "concurrency": 1},
        "ticks": 120,
        "checkpoint_every": 60,
        "background_thinking": False,
        "seed": 3,
    }


def test_through_an_endpoint_a_replaced_actor_asks_it_nothing_twice(tmp_path, standin):
    steady = run_killing_at(tmp_path, "steady", set(), **standin_options(standin.url))
    asked = standin.served
    killed = run_killing_at(tmp_path, "killed", {5, 30, 70}, **standin_options(standin.url))
    assert asked > 10 and standin.served - asked == asked
    assert events_of(killed) == events_of(steady)
    assert answers_of(killed) == answers_of(steady)


def test_actors_killed_at_random_moments_change_no_event(tmp_path):
    with latency_standin(Timing(latency_s=0.1)) as standin:
        killed = chaos_run(tmp_path, standin)
    assert killed >= 2, "the run ended before two kills"


def chaos_run(tmp_path: Path, standin: Any) -> int:
    """A run killed at random moments has the events of one left alone; how many kills."""
    options = {**standin_options(standin.url), "background_thinking": True}
    steady = run_killing_at(tmp_path, "steady", set(), **options)
    rng = random.Random(11)
    options = {"executor": "ray", **options, "actor_restarts": 50}
    with Simulation.from_world("tiny", out=tmp_path, run_id="chaos", **options) as sim:
        stop = threading.Event()
        kills: list[str] = []

        def chaos() -> None:
            # A kill at a random moment while the model is asked, once the town has
            # asked it a few more times since the last kill.
            last = standin.served
            while not stop.wait(rng.uniform(0.05, 0.3)):
                if standin.served >= last + 3:
                    last = standin.served
                    kills.append(kill_one(sim, rng))

        killer = threading.Thread(target=chaos, daemon=True)
        killer.start()
        try:
            sim.run(progress=False)
        finally:
            stop.set()
            killer.join()
    assert events_of(tmp_path / "chaos") == events_of(steady)
    return len(kills)


def test_a_kill_while_holding_the_only_request_slot_does_not_stall_the_run(tmp_path, standin):
    steady = run_killing_at(tmp_path, "steady", set(), **standin_options(standin.url))
    options = {"executor": "ray", **standin_options(standin.url), "actor_restarts": 50}
    asked = standin.served
    with Simulation.from_world("tiny", out=tmp_path, run_id="stalled", **options) as sim:
        killed = threading.Event()

        def kill_mid_request() -> None:
            # Once a request is in flight, its actor holds the run's one slot: kill them all.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and standin.served == asked:
                time.sleep(0.001)
            for pid in set(sim.executor.actor_pids().values()):
                os.kill(pid, signal.SIGKILL)
            killed.set()

        threading.Thread(target=kill_mid_request, daemon=True).start()
        sim.run(progress=False)
    assert killed.is_set()
    assert events_of(tmp_path / "stalled") == events_of(steady)
