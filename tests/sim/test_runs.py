"""Whole runs: reproducibility across executors and packing, and resume after a hard kill."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim import Simulation
from sim.summary import RunSummary
from tests.support.killing import kill_and_resume, run_command
from tests.support.runs import events_of, tiny_run

ROOT = Path(__file__).resolve().parents[2]


def run_once(tmp_path: Path, run_id: str, **options) -> Path:
    return tiny_run(tmp_path, run_id, **{"seed": 3, "ticks": 240, **options})


@pytest.fixture(scope="module")
def inline_rule_based(tmp_path_factory) -> Path:
    return run_once(tmp_path_factory.mktemp("runs"), "inline", agent_kind="rule-based")


def test_a_run_logs_movement_and_talk_and_only_wakes_agents_with_a_reason(inline_rule_based):
    events = events_of(inline_rule_based)
    types = {e.type for e in events}
    assert {"day_started", "woken", "action_started", "arrived", "utterance"} <= types
    woken = [e for e in events if e.type == "woken"]
    assert all(e.reasons for e in woken)
    # Agents do not think every tick: most agent-ticks cost nothing.
    agents = len(
        json.loads((inline_rule_based / "frames.jsonl").read_text().splitlines()[0])["agents"]
    )
    assert len(woken) < 240 * agents / 4
    lines = (inline_rule_based / "events.jsonl").read_text().splitlines()
    assert all({"tick", "time", "type", "agent"} <= json.loads(line).keys() for line in lines)


def test_the_same_seed_gives_the_same_events_and_another_seed_does_not(tmp_path, inline_rule_based):
    again = run_once(tmp_path, "again", agent_kind="rule-based")
    other = run_once(tmp_path, "other", agent_kind="rule-based", seed=4)
    assert events_of(again) == events_of(inline_rule_based)
    assert events_of(other) != events_of(inline_rule_based)


@pytest.mark.ray
@pytest.mark.slow
def test_ray_actors_and_packed_actors_give_the_inline_events(tmp_path, inline_rule_based):
    one_each = run_once(tmp_path, "ray1", agent_kind="rule-based", executor="ray")
    packed = run_once(tmp_path, "ray2", agent_kind="rule-based", executor="ray", agents_per_actor=2)
    assert events_of(one_each) == events_of(inline_rule_based)
    assert events_of(packed) == events_of(inline_rule_based)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [0.1, 0.7])
def test_a_run_killed_at_any_moment_resumes_to_the_uninterrupted_events(tmp_path, kill_at):
    options = [
        *("--world", "tiny", "--backend", "scripted", "--executor", "inline", "--seed", "5"),
        *("--agent-kind", "rule-based", "--ticks", "600", "--checkpoint-every", "50"),
    ]
    run = kill_and_resume(tmp_path, options, kill_at=kill_at)
    whole, resumed = events_of(run.whole), events_of(run.killed)
    assert run.lines_at_kill < len(whole)
    assert resumed == whole
    summary = RunSummary.read(run.killed / "summary.json")
    assert summary.ticks == 600 and summary.stop_reason == "completed"


# A cluster of its own, in another process: it lives until that process is stopped.
CLUSTER = """
import sys, time, ray
ray.init(num_cpus=2, include_dashboard=False)
print(ray.get_runtime_context().gcs_address, flush=True)
sys.stdin.read()
"""


@pytest.mark.ray
@pytest.mark.slow
def test_a_run_joins_an_existing_ray_cluster_given_its_address(tmp_path):
    # A cluster with token authentication (Ray's default for a local one) is joined
    # with RAY_AUTH_MODE=token, the token read from ~/.ray/auth_token.
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token"}
    cluster = subprocess.Popen(
        [sys.executable, "-c", CLUSTER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        address = cluster.stdout.readline().strip()
        assert address.count(":") == 1, address
        done = subprocess.run(
            run_command(
                "--world",
                "tiny",
                "--backend",
                "scripted",
                "--agent-kind",
                "rule-based",
                "--ticks",
                "60",
                "--no-progress",
                "--out",
                str(tmp_path),
                "--run-id",
                "joined",
                "--address",
                address,
            ),
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Connecting to existing Ray cluster" in done.stderr
        assert "Started a local Ray instance" not in done.stderr
    finally:
        cluster.communicate(input="", timeout=120)
    assert RunSummary.read(tmp_path / "joined" / "summary.json").ticks == 60


def test_a_run_that_fails_to_start_on_a_users_mistake_leaves_no_run_folder(tmp_path, monkeypatch):
    from sim.errors import ConfigError

    monkeypatch.delenv("HAMLET_TEST_NO_SUCH_KEY", raising=False)
    with pytest.raises(ConfigError, match="HAMLET_TEST_NO_SUCH_KEY"):
        Simulation.from_world(
            "tiny",
            backend="openai",
            llm={"api_key_env": "HAMLET_TEST_NO_SUCH_KEY"},
            executor="inline",
            out=tmp_path,
            run_id="never",
        )
    assert not (tmp_path / "never").exists()
