"""A run killed with SIGKILL part-way, then resumed: the check every scheduler must pass."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def hamlet_run(*args: str) -> None:
    """`hamlet run ARGS` in a process of its own, from the repository's root."""
    subprocess.run(run_command(*args), check=True, cwd=ROOT, capture_output=True)


@dataclass(frozen=True)
class KilledRun:
    """The uninterrupted run, the killed-then-resumed one, and the events out at the kill."""

    whole: Path
    killed: Path
    lines_at_kill: int


def kill_and_resume(
    out: Path, options: list[str], *, kill_at: float, killed_with: tuple[str, ...] = ()
) -> KilledRun:
    """Run `options` whole; run them again (plus `killed_with`), SIGKILL once `kill_at` of
    the whole run's events are out, and resume."""
    common = [*options, "--no-progress", "--out", str(out)]
    hamlet_run(*common, "--run-id", "whole")
    whole, killed = out / "whole", out / "killed"
    kill_after = int((whole / "events.jsonl").read_text().count("\n") * kill_at)
    proc = subprocess.Popen(
        run_command(*common, *killed_with, "--run-id", "killed"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = killed / "events.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.read_text().count("\n") >= kill_after:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lines_at_kill = log.read_text().count("\n")
    hamlet_run("--resume", str(killed), "--no-progress")
    return KilledRun(whole, killed, lines_at_kill)


def run_command(*args: str) -> list[str]:
    """The command line of `hamlet run ARGS` with this interpreter."""
    return [sys.executable, "-m", "sim", "run", *args]
