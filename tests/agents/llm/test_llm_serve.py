"""Starting and stopping the run's model server: never an orphan process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from agents.llm import ConfigError, LLMConfig, serve
from agents.llm.local_server import LocalServerError, free_port, running_server
from tests.support.standin_server import StandinServer

ROOT = Path(__file__).resolve().parents[3]


def standin_command(port: int) -> list[str]:
    return [sys.executable, "-m", "tests.support.standin_server", "--port", str(port)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; only its exit status is left for the parent.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pid: int, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(autouse=True)
def importable_tests(monkeypatch):
    # The server child imports tests.support from the repository root.
    monkeypatch.setenv("PYTHONPATH", f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")


def test_the_server_is_stopped_when_the_block_ends(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with running_server(standin_command(port), port=port, log_path=log) as server:
        assert server.base_url == f"http://127.0.0.1:{port}/v1"
        assert alive(server.pid)
    assert not alive(server.pid)
    assert log.exists()


def test_the_server_is_stopped_after_an_exception():
    port = free_port()
    with pytest.raises(RuntimeError, match="agent crashed"):
        with running_server(standin_command(port), port=port) as server:
            pid = server.pid
            raise RuntimeError("agent crashed")
    assert not alive(pid)


def test_the_server_dies_with_a_killed_driver(tmp_path):
    pid_file = tmp_path / "pid"
    driver = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from agents.llm.local_server import free_port, running_server
        port = free_port()
        command = [sys.executable, "-m", "tests.support.standin_server", "--port", str(port)]
        with running_server(command, port=port) as server:
            Path({str(pid_file)!r}).write_text(str(server.pid))
            time.sleep(60)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", driver], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the driver never started its server"
            time.sleep(0.05)
        server_pid = int(pid_file.read_text())
        assert alive(server_pid)
        process.send_signal(signal.SIGKILL)  # no cleanup code runs in the driver
        process.wait()
        assert wait_gone(server_pid), "the server outlived its driver"
    finally:
        if process.poll() is None:
            process.kill()


def test_a_server_that_exits_at_start_is_reported_with_its_log(tmp_path):
    log = tmp_path / "server.log"
    command = [sys.executable, "-c", "import sys; print('bad model file'); sys.exit(3)"]
    with pytest.raises(LocalServerError, match="status 3") as caught:
        with running_server(command, port=free_port(), log_path=log):
            pass
    assert str(log) in str(caught.value)
    assert "bad model file" in log.read_text()


@pytest.mark.parametrize("backend", ["scripted", "openai"])
def test_backends_without_a_server_yield_their_config_unchanged(backend):
    with StandinServer() as endpoint:  # an endpoint is asked whether it answers
        config = LLMConfig(backend=backend, model="standin-model", base_url=endpoint.url)
        with serve(config) as served:
            assert served == config


def test_a_missing_local_model_file_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match="nothing.gguf"):
        with serve(LLMConfig(backend="local", local_model_path=tmp_path / "nothing.gguf")):
            pass
