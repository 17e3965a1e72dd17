"""A model server that dies during a run is started again, on its port, within a bound."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from agents.llm.local_server import free_port, running_server
from agents.llm.supervisor import RestartBudget, exit_status
from tests.agents.llm.test_llm_serve import alive, standin_command, wait_gone

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def importable_tests(monkeypatch):
    # The server child imports tests.support from the repository root.
    monkeypatch.setenv("PYTHONPATH", f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2.0) as answer:
            return answer.status == 200
    except OSError:
        return False


def eventually(condition: Callable[[], bool], timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_server_is_started_again_on_its_port_with_one_notice(tmp_path):
    port, log, notices = free_port(), tmp_path / "server.log", []
    with running_server(
        standin_command(port), port=port, log_path=log, notice=notices.append
    ) as server:
        first = server.pid
        os.kill(first, signal.SIGKILL)
        assert eventually(lambda: len(notices) == 1), notices
        assert server.pid != first and alive(server.pid) and answers(port)
        assert "killed by SIGKILL" in notices[0] and "restarted" in notices[0]
        assert server.supervisor.restarts == 1
        second = server.pid
    assert "restart 1" in log.read_text()
    assert wait_gone(second), "the restarted server outlived its block"
    assert len(notices) == 1, "stopping the server at the end is not a death to report"


def test_a_server_that_keeps_dying_is_left_down_past_the_bound(tmp_path):
    port, notices = free_port(), []
    budget = RestartBudget(limit=1, window_s=600.0)
    with running_server(
        standin_command(port), port=port, notice=notices.append, restarts=budget
    ) as server:
        os.kill(server.pid, signal.SIGKILL)
        assert eventually(lambda: len(notices) == 1 and answers(port)), notices
        os.kill(server.pid, signal.SIGTERM)
        assert eventually(lambda: len(notices) == 2), notices
        assert "killed by SIGTERM" in notices[1] and "not restarted" in notices[1]
        assert not eventually(lambda: answers(port), timeout_s=1.0)
        assert server.supervisor.restarts == 1


def test_a_server_exiting_by_itself_is_restarted_too(tmp_path):
    port, notices = free_port(), []
    command = [*standin_command(port), "--lifetime", "1"]
    with running_server(command, port=port, notice=notices.append) as server:
        assert eventually(lambda: len(notices) == 1), notices
        assert "status 0" in notices[0] and answers(port)
        assert server.supervisor.restarts == 1


def test_a_ctrl_c_at_the_terminal_does_not_reach_the_server():
    port = free_port()
    with running_server(standin_command(port), port=port) as server:
        # Its own session: the terminal's SIGINT goes to the driver's process group only.
        assert os.getsid(server.pid) != os.getsid(0)
        assert os.getpgid(server.pid) != os.getpgid(0)


def test_the_restart_budget_counts_only_the_recent_restarts():
    budget = RestartBudget(limit=3, window_s=600.0)
    assert budget.allows([], now=0.0)
    assert budget.allows([0.0, 10.0], now=20.0)
    assert not budget.allows([0.0, 10.0, 20.0], now=30.0)
    assert budget.allows([0.0, 10.0, 20.0], now=600.0)


def test_an_exit_is_said_in_words():
    assert exit_status(-9) == "killed by SIGKILL"
    assert exit_status(3) == "status 3"
