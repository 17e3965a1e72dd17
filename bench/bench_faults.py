"""Faults a run survives: killed actors, a killed model server, outages, failing calls.

    PYTHONPATH=. python bench/bench_faults.py --quick     # tiny town, short outages
    PYTHONPATH=. python bench/bench_faults.py             # Oakhollow, 1 game hour, 30 s and 5 min

Each row runs the town through the latency stand-in (`bench/standin_server.py`:
the scripted answers after a set latency, over HTTP) on Ray, with one kind
of fault injected, and compares it with the same run left alone: how many
faults were injected, whether the run completed, events lost (the run left
alone's events missing from the faulty one: must be 0), extra requests the
endpoint received, calls that took their fallback, and wall time over the
undisturbed run.

- actor kills: SIGKILL of a random resident's actor at random moments while
  the model is being asked (the run replaces it and replays its answers);
- model-server kills: SIGKILL of the endpoint's process, run under the same
  supervisor that restarts the embedded llama.cpp server;
- outages: the endpoint stops listening for a while, then comes back on the
  same port (the run pauses, then goes on);
- failing calls: the endpoint answers 500 to a share of requests.

Prints a table; never fails on a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.llm.local_server import free_port, running_server
from bench.standin_server import Timing, scripted_reply
from sim import Simulation
from tests.support.standin_server import Received, Reply, StandinServer, error


@dataclass(frozen=True)
class Town:
    """The run every row makes: world, game hours, seed, and the stand-in's latency."""

    world: str
    hours: float
    seed: int
    latency_s: float


@dataclass(frozen=True)
class Row:
    """One fault's figures against the run left alone."""

    fault: str
    injected: int
    completed: bool
    events_lost: int
    extra_requests: int
    fallbacks: int
    wall_s: float
    overhead_s: float


@dataclass
class Outcome:
    """What a run left: its events, the endpoint's requests, fallbacks, wall time."""

    events: Counter[str]
    requests: int
    fallbacks: int
    wall_s: float
    completed: bool


# -- the endpoint --------------------------------------------------------------------


class Endpoint:
    """The stand-in on a fixed port, in this process, that can go away and come back."""

    def __init__(self, timing: Timing, fail_rate: float = 0.0, seed: int = 0) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._timing = timing
        self._fail_rate = fail_rate
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._served_before = 0
        self.failed = 0
        self._server: StandinServer | None = None
        self.up()

    def _answer(self, received: Received) -> Reply:
        with self._lock:
            failing = self._rng.random() < self._fail_rate
            self.failed += failing
        if failing:
            return error(500, "stand-in: a failure injected by the fault bench")
        return scripted_reply(received.body.get("messages"), self._timing)

    def up(self) -> None:
        self._server = StandinServer(
            answer=self._answer, max_requests=None, lifetime_s=None, port=self.port, record=False
        ).start()

    def down(self) -> None:
        if self._server is not None:
            self._server.stop()  # first, so that no request comes in uncounted
            self._served_before += self._server.served
            self._server = None

    @property
    def served(self) -> int:
        return self._served_before + (self._server.served if self._server else 0)


@contextmanager
def supervised_endpoint(timing: Timing, work: Path) -> Iterator[tuple[str, Any, Path]]:
    """The stand-in as its own process under the model-server supervisor: its URL, the
    running server (its pid follows restarts) and the file counting its requests."""
    port = free_port()
    counted = work / "requests.count"
    counted.touch()
    command = [
        sys.executable,
        str(Path(__file__).resolve().parent / "standin_server.py"),
        "--port",
        str(port),
        "--latency",
        str(timing.latency_s),
        "--count-file",
        str(counted),
    ]
    with running_server(command, port=port, log_path=work / "standin.log") as server:
        yield server.base_url, server, counted


# -- runs --------------------------------------------------------------------------------


def run_town(
    town: Town, url: str, out: Path, run_id: str, during: Callable[[Simulation], None]
) -> tuple[Path, float, bool]:
    """Run the town through `url` on Ray, `during(sim)` in a thread; folder, wall, completed."""
    options = {
        "hours": town.hours,
        "seed": town.seed,
        "executor": "ray",
        "llm": {"backend": "openai", "base_url": url, "model": "standin-model"},
        "out": out,
        "run_id": run_id,
        "actor_restarts": 10,
    }
    with Simulation.from_world(town.world, **options) as sim:
        injector = threading.Thread(target=during, args=(sim,), daemon=True)
        started = time.perf_counter()  # Ray's start and the actors' are left out
        injector.start()
        summary = sim.run(progress=False)
        wall = time.perf_counter() - started
        run_dir = sim.run_dir
    injector.join(timeout=5)
    return run_dir, wall, summary.stop_reason == "completed"


def outcome_of(run_dir: Path, requests: int, wall_s: float, completed: bool) -> Outcome:
    events = Counter((run_dir / "events.jsonl").read_text(encoding="utf-8").splitlines())
    fallbacks = sum(
        1
        for line in (run_dir / "llm_calls.jsonl").open(encoding="utf-8")
        if json.loads(line)["outcome"] in ("fallback", "degenerate")
    )
    return Outcome(events, requests, fallbacks, wall_s, completed)


def row(fault: str, injected: int, faulty: Outcome, steady: Outcome) -> Row:
    return Row(
        fault=fault,
        injected=injected,
        completed=faulty.completed,
        events_lost=sum((steady.events - faulty.events).values()),
        extra_requests=faulty.requests - steady.requests,
        fallbacks=faulty.fallbacks,
        wall_s=faulty.wall_s,
        overhead_s=faulty.wall_s - steady.wall_s,
    )


def nothing(sim: Simulation) -> None:
    return None


# -- faults --------------------------------------------------------------------------------


def at_random_moments(
    count: int, served: Callable[[], int], seed: int, strike: Callable[..., bool]
) -> tuple[Callable[[Simulation], None], list[int]]:
    """What a run does beside it: `strike(sim, rng)` `count` times at random moments, each
    once the endpoint has had more requests; and the ticks it struck at, once done."""
    rng = random.Random(seed)
    struck: list[int] = []

    def during(sim: Simulation) -> None:
        last = served()
        while len(struck) < count and sim.tick < sim.planned_ticks():
            time.sleep(rng.uniform(0.05, 0.3))
            if served() >= last + 2 and strike(sim, rng):
                struck.append(sim.tick)
                last = served()

    return during, struck


def kill_an_actor(sim: Simulation, rng: random.Random) -> bool:
    """SIGKILL a random resident's actor; whether there was a live one to kill."""
    pids = sim.executor.actor_pids()
    if not pids:
        return False
    try:
        os.kill(pids[rng.choice(sorted(pids))], signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def killing_the_server(server: Any) -> Callable[..., bool]:
    """A strike that SIGKILLs the supervised endpoint's process (whichever it is now)."""

    def strike(sim: Simulation, rng: random.Random) -> bool:
        os.kill(server.pid, signal.SIGKILL)
        time.sleep(1.0)  # until the supervisor has seen it go
        return True

    return strike


def outage(endpoint: Endpoint, seconds: float, after: int) -> Any:
    """The endpoint goes away once `after` requests went by, for `seconds`, then comes back."""
    done: list[float] = []

    def during(sim: Simulation) -> None:
        while endpoint.served < after:
            time.sleep(0.01)
        endpoint.down()
        time.sleep(seconds)
        endpoint.up()
        done.append(seconds)

    return during, done


# -- the table -----------------------------------------------------------------------------


def measure(town: Town, args: argparse.Namespace, work: Path) -> list[Row]:
    timing = Timing(latency_s=town.latency_s)
    rows: list[Row] = []

    def faulty_run(endpoint: Endpoint, run_id: str, during: Any) -> Outcome:
        before = endpoint.served
        run_dir, wall, completed = run_town(town, endpoint.url, work, run_id, during)
        return outcome_of(run_dir, endpoint.served - before, wall, completed)

    endpoint = Endpoint(timing)
    steady = faulty_run(endpoint, "steady", nothing)
    say(f"left alone: {steady.wall_s:.1f} s, {steady.requests} requests")

    during, kills = at_random_moments(args.kills, lambda: endpoint.served, town.seed, kill_an_actor)
    faulty = faulty_run(endpoint, "actors", during)
    rows.append(row("actor kills", len(kills), faulty, steady))
    say(_line(rows[-1]))
    endpoint.down()

    rows.append(server_kills(town, args, work, timing, steady))
    say(_line(rows[-1]))

    for seconds in args.outages:
        endpoint = Endpoint(timing)
        during, done = outage(endpoint, seconds, after=steady.requests // 3)
        faulty = faulty_run(endpoint, f"outage-{seconds:g}", during)
        rows.append(row(f"outage {seconds:g} s", len(done), faulty, steady))
        say(_line(rows[-1]))
        endpoint.down()

    endpoint = Endpoint(timing, fail_rate=args.fail_rate, seed=town.seed)
    faulty = faulty_run(endpoint, "failing", nothing)
    rows.append(row(f"{args.fail_rate:.0%} of calls failing", endpoint.failed, faulty, steady))
    say(_line(rows[-1]))
    endpoint.down()
    return rows


def server_kills(
    town: Town, args: argparse.Namespace, work: Path, timing: Timing, steady: Outcome
) -> Row:
    """The row for killing the endpoint's process, which its supervisor restarts."""
    with supervised_endpoint(timing, work) as (url, server, counted):

        def served() -> int:
            return len(counted.read_text().splitlines())

        during, kills = at_random_moments(
            args.server_kills, served, town.seed, killing_the_server(server)
        )
        run_dir, wall, completed = run_town(town, url, work, "server", during)
        faulty = outcome_of(run_dir, served(), wall, completed)
    return row("model-server kills", len(kills), faulty, steady)


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _line(r: Row) -> str:
    return (
        f"{r.fault}: {r.injected} injected, completed {r.completed}, {r.events_lost} events lost, "
        f"{r.extra_requests:+d} requests, {r.fallbacks} fallbacks, {r.overhead_s:+.1f} s"
    )


def table(rows: list[Row], town: Town) -> str:
    head = (
        f"{town.world}, {town.hours:g} game hours, seed {town.seed}, stand-in latency "
        f"{town.latency_s:g} s, Ray executor\n\n"
        "| fault | injected | survived | events lost | extra requests | fallbacks "
        "| wall s | overhead s |\n|---|---:|---|---:|---:|---:|---:|---:|"
    )
    lines = [
        f"| {r.fault} | {r.injected} | {'yes' if r.completed else 'no'} | {r.events_lost} "
        f"| {r.extra_requests:+d} | {r.fallbacks} | {r.wall_s:.1f} | {r.overhead_s:+.1f} |"
        for r in rows
    ]
    return "\n".join([head, *lines])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny town, 1 game hour, 1 s latency, 5/20 s"
    )
    parser.add_argument("--world", default="oakhollow")
    parser.add_argument("--hours", type=float, default=1.0, help="game hours per run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.2, help="stand-in seconds per answer")
    parser.add_argument("--kills", type=int, default=3, help="actor kills per run")
    parser.add_argument("--server-kills", type=int, default=2, help="endpoint kills per run")
    parser.add_argument(
        "--outages", type=float, nargs="+", default=[30.0, 300.0], metavar="SECONDS"
    )
    parser.add_argument("--fail-rate", type=float, default=0.2, help="share of calls failing")
    args = parser.parse_args(argv)
    if args.quick:
        args.world, args.outages, args.latency = "tiny", [5.0, 20.0], 1.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    town = Town(world=args.world, hours=args.hours, seed=args.seed, latency_s=args.latency)
    with tempfile.TemporaryDirectory(prefix="hamlet-faults-") as work:
        rows = measure(town, args, Path(work))
    print(table(rows, town))
    return 0


if __name__ == "__main__":
    sys.exit(main())
