"""A town on a Ray cluster of two nodes (two raylets on this machine): actors on both nodes,
the events of a one-process run, the run folder written by the driver."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.killing import run_command
from tests.support.runs import events_of, tiny_run

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120
TICKS = 120

# A head and a second node, each a raylet of its own with one CPU, on loopback. It says
# where it listens and its nodes, and stops when it reads a line.
CLUSTER = """
import json, sys
from ray.cluster_utils import Cluster
cluster = Cluster(
    initialize_head=True,
    head_node_args={"num_cpus": 1, "node_ip_address": "127.0.0.1", "include_dashboard": False},
)
second = cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1")
cluster.wait_for_nodes()
nodes = [cluster.head_node.node_id, second.node_id]
print(json.dumps({"address": cluster.address, "nodes": nodes}), flush=True)
sys.stdin.readline()
cluster.shutdown()
"""


@dataclass(frozen=True)
class TwoNodes:
    """A running two-node cluster: where to join it, its nodes, its process and environment."""

    address: str
    nodes: frozenset[str]
    process: subprocess.Popen[str]
    env: dict[str, str]


def _line(process: subprocess.Popen[str], timeout_s: float) -> str:
    """The process's next line of output; empty if it ends or says nothing in time."""
    ready, _, _ = select.select([process.stdout], [], [], timeout_s)
    return process.stdout.readline() if ready else ""  # type: ignore[union-attr]


def _stop(process: subprocess.Popen[str]) -> None:
    try:
        process.communicate(input="\n", timeout=60)
    except (subprocess.TimeoutExpired, OSError, ValueError):
        # Killed, its nodes' processes go with it: Ray's reaper watches the process.
        process.kill()
        process.wait()


@pytest.fixture
def two_nodes(tmp_path: Path) -> Iterator[TwoNodes]:
    """A cluster of a head and a second node; the test is skipped where Ray cannot start it."""
    # A temp folder of its own keeps the cluster out of /tmp/ray/ray_current_cluster, which
    # a plain `ray.init()` elsewhere on this machine would otherwise join.
    ray_tmp = tempfile.mkdtemp(prefix="hamlet-ray-")
    env = {
        **os.environ,
        "RAY_TMPDIR": ray_tmp,
        "RAY_USAGE_STATS_ENABLED": "0",
        # Ray rewrites a loopback address to the machine's own (where this cluster does not
        # listen) unless clusters are off: then a driver keeps it and joins on loopback.
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
    }
    log = tmp_path / "cluster.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", CLUSTER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
        )
    try:
        started = _line(process, START_TIMEOUT_S)
        if not started:
            said = " / ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
            pytest.skip(f"Ray could not start a second node here: {said or 'no output'}")
        info = json.loads(started)
        yield TwoNodes(info["address"], frozenset(info["nodes"]), process, env)
    finally:
        _stop(process)
        shutil.rmtree(ray_tmp, ignore_errors=True)


@pytest.mark.ray
@pytest.mark.slow
def test_a_town_on_two_nodes_runs_on_both_and_gives_the_one_process_events(tmp_path, two_nodes):
    alone = tiny_run(tmp_path, "alone", seed=11, ticks=TICKS)
    done = subprocess.run(
        run_command(
            *("--world", "tiny", "--backend", "scripted", "--seed", "11"),
            *("--ticks", str(TICKS), "--no-progress", "--out", str(tmp_path / "driver")),
            *("--run-id", "joined", "--address", two_nodes.address),
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=two_nodes.env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Connecting to existing Ray cluster" in done.stderr
    # The run says where its actors run, from each actor's own node id.
    placed = re.search(r"(\d+) actors on 2 nodes \((\w+) (\d+), (\w+) (\d+)\)", done.stderr)
    assert placed, done.stderr[-2000:]
    assert {placed[2], placed[4]} == {node[:8] for node in two_nodes.nodes}
    assert int(placed[1]) == int(placed[3]) + int(placed[5]) >= 2
    joined = tmp_path / "driver" / "joined"
    assert (joined / "summary.json").is_file()
    events = events_of(alone)
    assert {"arrived", "utterance"} <= {event.type for event in events}
    assert events_of(joined) == events
