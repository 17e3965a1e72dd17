"""The embedded model server killed under a run: started again, and the run completes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agents.llm.calls import CallRecord, Outcome
from sim.summary import RunSummary
from tests.support.llama import llama_missing

pytestmark = [pytest.mark.llama, pytest.mark.slow]

if (reason := llama_missing()) is not None:
    pytest.skip(reason, allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]
ESTABLISHED = "01"  # a TCP socket's state in /proc/net/tcp


def children(pid: int) -> list[tuple[int, list[str]]]:
    """The processes whose parent is `pid`, with their command lines."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            if entry.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append((int(entry.name), (entry / "cmdline").read_text().split("\0")))
        except (OSError, ValueError, IndexError):
            continue
    return found


def model_server_of(run: subprocess.Popen[str]) -> tuple[int, int] | None:
    """The pid and port of the run's embedded model server, once it is started."""
    for pid, command in children(run.pid):
        if "llama_cpp.server" in command:
            return pid, int(command[command.index("--port") + 1])
    return None


def readiness_probe(log: Path) -> int | None:
    """The client port of the run's first request, its check that the server answers."""
    if not log.exists():
        return None
    probe = re.search(r"127\.0\.0\.1:(\d+) - \"GET /v1/models", log.read_text())
    return int(probe.group(1)) if probe else None


def serving_a_request(port: int, probe: int) -> bool:
    """Whether a client other than the readiness probe is connected to the server on `port`."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        client = int(remote.split(":")[1], 16)
        if int(local.split(":")[1], 16) == port and state == ESTABLISHED and client != probe:
            return True
    return False


def wait_for(condition, what: str, run: subprocess.Popen[str], timeout_s: float = 300.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert run.poll() is None, f"the run ended before {what}"
        if found := condition():
            return found
        time.sleep(0.02)
    raise AssertionError(f"no {what} in {timeout_s:g} s")


def test_a_killed_model_server_is_restarted_and_its_calls_are_sent_again(tmp_path):
    run = subprocess.Popen(
        [sys.executable, "-m", "sim", "run", "--world", "tiny",
         "--backend", "local", "--executor", "inline", "--ticks", "3", "--no-progress",
         "--out", str(tmp_path), "--run-id", "killed"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        pid, port = wait_for(lambda: model_server_of(run), "model server", run)
        log = tmp_path / "killed" / "llm_server.log"
        probe = wait_for(lambda: readiness_probe(log), "readiness probe", run)
        wait_for(lambda: serving_a_request(port, probe), "request to the model server", run)
        os.kill(pid, signal.SIGKILL)
        stdout, stderr = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, stdout + stderr
    notices = [line for line in stderr.splitlines() if "local model server" in line]
    assert len(notices) == 1 and "killed by SIGKILL" in notices[0], stderr
    assert notices[0].startswith("hamlet: ") and "restarted" in notices[0]
    run_dir = tmp_path / "killed"
    assert RunSummary.read(run_dir / "summary.json").stop_reason == "completed"
    server_log = (run_dir / "llm_server.log").read_text()
    assert server_log.count("Uvicorn running on") == 2 and "restart 1" in server_log
    calls = [CallRecord.model_validate_json(line) for line in (run_dir / "llm_calls.jsonl").open()]
    # The call in flight at the kill waited for the new server and was sent again.
    assert any(call.retries > 0 and call.outcome is not Outcome.FALLBACK for call in calls)
    unanswered = [c for c in calls if c.outcome is Outcome.FALLBACK and c.tokens_out == 0]
    assert unanswered == [], [c.failure for c in unanswered]
