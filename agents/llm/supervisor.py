"""A server process kept running: restarted when it exits during a run, within a bound.

The embedded model server may die under a run (killed by the kernel for
memory, a crash in llama.cpp). A supervisor thread notices the exit and
starts the same command again on the same port; the requests that were in
flight meanwhile fail with a refused connection, which the hosts wait out as
an outage (`agents.llm.outage`) and then send again. A server that keeps
dying is not restarted past its `RestartBudget`: its endpoint stays down and
the run stops once its outage lasts past `max_outage_s`.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType

STOP_GRACE_S = 10.0
POLL_S = 0.2

# Starts the server process: 0 for the first start, then the restart's number.
Launch = Callable[[int], "subprocess.Popen[bytes]"]
# Returns once the process answers; raises (OSError, RuntimeError) if it never does.
WaitReady = Callable[["subprocess.Popen[bytes]"], None]


@dataclass(frozen=True)
class RestartBudget:
    """How often a dying server is restarted: at most `limit` times within any `window_s`."""

    limit: int = 3
    window_s: float = 600.0

    def allows(self, restarts: Sequence[float], now: float) -> bool:
        """Whether one more restart fits, given when the earlier ones were (clock seconds)."""
        recent = [t for t in restarts if now - t < self.window_s]
        return len(recent) < self.limit

    def describe(self) -> str:
        """The bound in words, for a notice."""
        return f"at most {self.limit} in {self.window_s / 60:g} min"


class ServerSupervisor:
    """Starts a server process and keeps it running until stopped; its pid changes on restart.

    Used as a context manager: entering starts the server and waits until it
    answers (an error then is raised to the caller); leaving stops it, and
    the server is not restarted after that.
    """

    def __init__(
        self,
        launch: Launch,
        wait_ready: WaitReady,
        *,
        notice: Callable[[str], None],
        budget: RestartBudget | None = None,
        what: str = "the server",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._launch = launch
        self._wait_ready = wait_ready
        self._notice = notice
        self.budget = budget or RestartBudget()
        self._what = what
        self._clock = clock
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._restarted_at: list[float] = []
        self._thread = threading.Thread(target=self._watch, name="server-supervisor", daemon=True)

    @property
    def pid(self) -> int:
        """The pid of the server process started last."""
        assert self._process is not None, "the server was not started"
        return self._process.pid

    @property
    def restarts(self) -> int:
        """How many times the server was started again after it exited."""
        return len(self._restarted_at)

    def __enter__(self) -> ServerSupervisor:
        self._process = self._launch(0)
        try:
            self._wait_ready(self._process)
        except BaseException:
            stop_process(self._process)
            raise
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the server for good: no restart after this."""
        with self._lock:
            self._stopping.set()
            process = self._process
        if process is not None:
            stop_process(process)
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        # The restarted servers are children of this thread, and the launcher
        # asks the kernel to signal a server when the thread that started it
        # ends (PR_SET_PDEATHSIG): so this thread lives as long as they do.
        while True:
            process = self._process
            assert process is not None
            while process.poll() is None:
                if self._stopping.wait(POLL_S):
                    return
            if self._stopping.is_set():
                return
            status = exit_status(process.returncode)
            now = self._clock()
            if not self.budget.allows(self._restarted_at, now):
                self._notice(
                    f"{self._what} exited ({status}) and is not restarted: it was restarted "
                    f"{self.budget.describe()} already; model calls wait for it until "
                    "the run's max_outage_s (--max-outage) is past"
                )
                return
            self._restarted_at.append(now)
            self._restart(status, now)

    def _restart(self, status: str, began: float) -> None:
        """Start the server again and wait until it answers; say how that went."""
        number = len(self._restarted_at)
        with self._lock:
            if self._stopping.is_set():
                return
            try:
                self._process = self._launch(number)
            except OSError as exc:
                self._notice(f"{self._what} exited ({status}); restarting it failed: {exc}")
                return
        try:
            self._wait_ready(self._process)
        except (OSError, RuntimeError) as exc:
            stop_process(self._process)
            if not self._stopping.is_set():
                self._notice(f"{self._what} exited ({status}); restarting it failed: {exc}")
            return
        self._notice(
            f"{self._what} exited ({status}); restarted on the same port in "
            f"{self._clock() - began:.1f} s (restart {number}, {self.budget.describe()})"
        )


def exit_status(returncode: int) -> str:
    """A process's exit in words: "status 3", or "killed by SIGKILL"."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"status {returncode}"


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process: politely, then for sure."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
