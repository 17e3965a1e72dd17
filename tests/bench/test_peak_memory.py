"""The memory sampler sees what a child process and the processes it starts hold."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench.peak_memory import PeakMemory, actor_class, descendants, sample

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

MB = 1_000_000
HOLD = 200 * MB

# Allocates and touches HOLD bytes, says so, then holds them until its stdin closes.
HOLDER = f"""
import sys
block = bytearray({HOLD})
for i in range(0, len(block), 4096):
    block[i] = 1
print("ready", flush=True)
sys.stdin.read()
"""

# Starts a holder of its own and waits for it, holding little itself.
PARENT = f"""
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", {HOLDER!r}], stdin=sys.stdin, stdout=sys.stdout)
child.wait()
"""


def start(code: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    return process


def finish(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=60)


def test_a_sample_counts_the_memory_a_child_holds() -> None:
    holder = start(HOLDER)
    try:
        now = sample(holder.pid, ())
    finally:
        finish(holder)
    assert now.root >= HOLD
    assert now.total >= now.root
    assert now.actors == 0


def test_the_sampler_sums_the_processes_a_child_starts() -> None:
    parent = start(PARENT)
    try:
        assert len(descendants(parent.pid)) == 1
        with PeakMemory(parent.pid, interval_s=0.05) as peak:
            while peak.samples < 3:
                time.sleep(0.05)
    finally:
        finish(parent)
    assert peak.total >= HOLD  # the grandchild's block, counted in the tree's total
    assert peak.root < HOLD  # and not in the parent's own figure
    assert sample(parent.pid, ()).total == 0  # all gone


def test_ray_processes_are_known_by_their_class() -> None:
    assert actor_class("ray::HostActor") == "HostActor"
    assert actor_class("ray::HostActor.decide ") == "HostActor"
    assert actor_class("ray::IDLE") == "IDLE"
    assert actor_class("/usr/bin/python -m sim run") == ""
    assert actor_class("ray::") == ""
