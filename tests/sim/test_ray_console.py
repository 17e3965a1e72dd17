"""A run on Ray keeps Ray's own notices off its console: they stay in Ray's logs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.summary import RunSummary

REPO = Path(__file__).resolve().parents[2]

# What Ray prints on a driver's console when let: the raylet's warning that many
# worker processes started, the deduplication note, an actor's own output, INFO lines.
RAY_NOTICES = (
    "worker processes have been started",
    "repeated",
    "deduplicates logs",
    "(raylet)",
    "(HostActor",
    "INFO worker.py",
)


@pytest.mark.ray
@pytest.mark.slow
def test_a_town_of_many_actors_runs_without_rays_notices_on_the_console(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),  # Ray's workers import the tree's code too
        # The raylet warns once its workers outnumber 4 × this (its number of
        # CPUs by default): 1 makes the town's 25 actors enough on any machine.
        "RAY_worker_maximum_startup_concurrency": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "sim", "run", "--world", "oakhollow",
         "--backend", "scripted", "--executor", "ray", "--ticks", "3", "--no-progress",
         "--out", str(tmp_path), "--run-id", "quiet"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    console = result.stdout + result.stderr
    assert result.returncode == 0, console
    assert [n for n in RAY_NOTICES if n in console] == [], console
    summary = RunSummary.read(tmp_path / "quiet" / "summary.json")
    assert (summary.stop_reason, summary.ticks, summary.agents) == ("completed", 3, 25)
    assert summary.events > 0 and (tmp_path / "quiet" / "events.jsonl").stat().st_size > 0
    assert summary.executor == "ray"
