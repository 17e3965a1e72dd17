"""A day of the town against an endpoint that takes its time: run wall against the bounds.

    PYTHONPATH=. python bench/bench_latency.py --quick          # 1 game hour, 1 s, 32 in flight
    PYTHONPATH=. python bench/bench_latency.py                  # a game day, every combination
    PYTHONPATH=. python bench/bench_latency.py --hours 2 --latency 1 --concurrency 8 32
    PYTHONPATH=. python bench/bench_latency.py --latency 1 --concurrency 32 --scheduling lock-step

Starts the stand-in endpoint (`bench/standin_server.py`: the scripted answers
after a set latency) and runs Oakhollow through it with `--backend openai`,
once per way of scheduling, model latency and limit on requests in flight.
The ways: lock-step with every thought on the path (as the town first ran),
then background thinking, out-of-order ticks and the reaction questions
asked at once, each added to the one before. Each row gives the run's wall
time, calls and tokens per resident per game hour, and, from that run's own
frames and call log, what such a run needs at least
(`bench/critical_path.py`): lock-step (each tick waits for its longest chain
of calls), the limit (residents wait only for those they perceive), the
same limit with only the calls a decision needs on the path, the ratio of
wall to the limit, and the paper's code for the same game time (55 calls
per resident-hour, one at a time).
Prints a table; never fails on a timing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.llm import CallRecord
from bench.critical_path import (
    REACTION_QUESTIONS,
    STEP_AND_PLACE,
    CallAt,
    Placement,
    TownAt,
    Waits,
    asked_at_once,
    lockstep_bound,
    proximity_limit,
    scheduler_limit,
    sent_before_answer,
    sequential_figure,
)
from sim.analysis.reading import (
    RunDataError,
    read_calls,
    read_events,
    read_frames,
    read_header,
    read_json,
)
from sim.config import recorded_mind, resolve_config
from sim.events import WokenEvent

ROOT = Path(__file__).resolve().parent.parent
STANDIN = ROOT / "bench" / "standin_server.py"
WORLD = "oakhollow"
LATENCIES = (0.5, 1.0, 2.0)
CONCURRENCIES = (8, 32, 128)
# What a decision does not need; thinking that could run beside the next decision.
OFF_PATH_TASKS = frozenset(
    {
        "rate_importance",
        "summarise_conversation",
        "reflection_questions",
        "infer_insights",
        "summarise_agent",
    }
)


@dataclass(frozen=True)
class Scheduling:
    """A way of running the town that the table compares: a name and its run settings."""

    name: str
    settings: Mapping[str, Any] = field(default_factory=dict)


# Lock-step with every thought on the path first; each later row moves one thing off it.
IN_TURN, AT_ONCE = ({"reaction_questions": way} for way in ("in-turn", "at-once"))
SCHEDULINGS = (
    Scheduling(
        "lock-step", {"background_thinking": False, "scheduler": "lockstep", "mind": IN_TURN}
    ),
    Scheduling(
        "+background", {"background_thinking": True, "scheduler": "lockstep", "mind": IN_TURN}
    ),
    Scheduling(
        "+out-of-order", {"background_thinking": True, "scheduler": "out-of-order", "mind": IN_TURN}
    ),
    Scheduling(
        "+at-once", {"background_thinking": True, "scheduler": "out-of-order", "mind": AT_ONCE}
    ),
)


@dataclass(frozen=True)
class RunLogs:
    """What the figures need from a run folder."""

    calls: list[CallAt]
    towns: list[TownAt]
    tokens: int
    outcomes: dict[str, int]
    residents: int
    radius: int
    concurrency: int | None
    game_hours: float
    waits: Waits


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    scheduling: str
    latency_s: float
    concurrency: int
    wall_s: float
    calls: int
    tokens_per_resident_hour: float
    lockstep_s: float
    limit_s: float
    decision_limit_s: float
    scheduler_limit_s: float
    paper_s: float
    not_ok: int


# --- reading a run folder -----------------------------------------------------------


def read_run(run_dir: Path) -> RunLogs:
    """The call log, the residents' places per tick and the settings the bounds need."""
    config = resolve_config(None, read_json(run_dir / "config.json"))
    records = read_calls(run_dir)
    ticked = [r for r in records if r.tick is not None]
    calls = [CallAt(r.agent, r.task, r.tick) for r in ticked]
    if recorded_mind(run_dir).get("reaction_questions") == "at-once":  # older runs: in turn
        calls = asked_at_once(calls, REACTION_QUESTIONS)
    calls = sent_before_answer(calls, [_span(r) for r in ticked], STEP_AND_PLACE)
    tokens = sum(r.tokens_in + r.tokens_out for r in records)
    outcomes = dict(Counter(str(r.outcome) for r in records))
    header = read_header(run_dir)
    frames, _ = read_frames(run_dir, every=1)
    towns = [
        TownAt(f.tick, tuple(Placement(a.name, tuple(a.tile), a.conversation) for a in f.agents))
        for f in frames
    ]
    residents, tick_seconds = len(header.agents), header.tick_seconds
    wakes: dict[int, set[str]] = {}
    for event in read_events(run_dir):
        if isinstance(event, WokenEvent):
            wakes.setdefault(event.tick, set()).add(str(event.agent))
    waits = Waits(
        wakes={tick: frozenset(names) for tick, names in wakes.items()},
        checkpoint_every=config.checkpoint_every or round(3600 / tick_seconds),
    )
    return RunLogs(
        calls=calls,
        towns=towns,
        tokens=tokens,
        outcomes=outcomes,
        residents=residents,
        radius=config.vision_radius,
        concurrency=config.llm.concurrency,
        game_hours=len(towns) * tick_seconds / 3600,
        waits=waits,
    )


def _span(record: CallRecord) -> tuple[float, float]:
    """When a call was sent and answered, in seconds since the epoch."""
    answered = datetime.fromisoformat(record.wall_time).timestamp()
    return answered - record.latency_s, answered


def figures(logs: RunLogs, scheduling: str, latency_s: float, wall_s: float) -> Row:
    """The row of a finished run: its own figures and the bounds from its logs."""
    concurrency = logs.concurrency
    bounds = dict(latency_s=latency_s, concurrency=concurrency)
    decisions = [c for c in logs.calls if c.task not in OFF_PATH_TASKS]
    resident_hours = max(logs.residents * logs.game_hours, 1e-9)
    return Row(
        scheduling=scheduling,
        latency_s=latency_s,
        concurrency=concurrency or 0,
        wall_s=wall_s,
        calls=sum(logs.outcomes.values()),
        tokens_per_resident_hour=logs.tokens / resident_hours,
        lockstep_s=lockstep_bound(logs.calls, **bounds),
        limit_s=proximity_limit(logs.calls, logs.towns, radius=logs.radius, **bounds),
        decision_limit_s=proximity_limit(decisions, logs.towns, radius=logs.radius, **bounds),
        scheduler_limit_s=scheduler_limit(
            logs.calls,
            logs.towns,
            logs.waits,
            radius=logs.radius,
            background=OFF_PATH_TASKS,
            **bounds,
        ),
        paper_s=sequential_figure(logs.residents, logs.game_hours, latency_s=latency_s),
        not_ok=sum(n for outcome, n in logs.outcomes.items() if outcome != "ok"),
    )


# --- running ------------------------------------------------------------------------


@contextmanager
def standin(latency_s: float, jitter_s: float, seed: int, workdir: Path) -> Iterator[str]:
    """The stand-in endpoint in a process of its own; yields its base URL."""
    port_file = workdir / f"standin-{os.getpid()}-{latency_s:g}.port"
    port_file.unlink(missing_ok=True)
    command = [sys.executable, str(STANDIN), "--latency", f"{latency_s:g}"]
    command += ["--jitter", f"{jitter_s:g}", "--seed", str(seed), "--port-file", str(port_file)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not port_file.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{STANDIN}: the stand-in endpoint did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{int(port_file.read_text())}/v1"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_town(
    url: str, scheduling: Scheduling, latency_s: float, concurrency: int, args: argparse.Namespace
) -> tuple[Path, float]:
    """One run of the town through the endpoint; its folder and its run wall (start-up excluded)."""
    from sim import Simulation

    run_id = f"{scheduling.name}-latency{latency_s:g}-flight{concurrency}"
    llm = {
        "base_url": url,
        "model": "standin-model",
        "concurrency": concurrency,
        "timeout_s": 120,
        **scheduling.settings.get("llm", {}),
    }
    settings = {k: v for k, v in scheduling.settings.items() if k != "llm"}
    with Simulation.from_world(
        args.world,
        backend="openai",
        hours=args.hours,
        seed=args.seed,
        executor=args.executor,
        out=args.out,
        run_id=run_id,
        llm=llm,
        **settings,
    ) as sim:
        started = time.perf_counter()
        sim.run(progress=None)  # a progress bar on a terminal
        wall = time.perf_counter() - started
        if sim.stop_reason:  # Ctrl-C stopped the run: stop the benchmark too
            raise KeyboardInterrupt(sim.stop_reason)
        return sim.run_dir, wall


# --- the table ----------------------------------------------------------------------

HEADER = (
    f"{'scheduling':<12} {'latency':>7} {'flight':>6} {'wall s':>8} {'calls':>6} "
    f"{'tok/res-h':>9} {'lockstep s':>10} {'limit s':>8} {'dec.lim s':>9} {'sch.lim s':>9} "
    f"{'wall/lim':>8} {'paper s':>9} {'paper/wall':>10}"
)


def render(row: Row) -> str:
    ratio = row.wall_s / row.limit_s if row.limit_s else float("nan")
    speedup = row.paper_s / row.wall_s if row.wall_s else float("nan")
    line = (
        f"{row.scheduling:<12} {row.latency_s:>6g}s {row.concurrency:>6} {row.wall_s:>8.1f} "
        f"{row.calls:>6} {row.tokens_per_resident_hour:>9.0f} {row.lockstep_s:>10.1f} "
        f"{row.limit_s:>8.1f} {row.decision_limit_s:>9.1f} {row.scheduler_limit_s:>9.1f} "
        f"{ratio:>8.2f} "
        f"{row.paper_s:>9.0f} {speedup:>9.1f}x"
    )
    return line + (f"  ({row.not_ok} calls not ok)" if row.not_ok else "")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hours", type=float, default=24.0, help="game hours (default a day)")
    parser.add_argument(
        "--quick", action="store_true", help="1 game hour at 1 s latency, 32 requests in flight"
    )
    parser.add_argument(
        "--latency",
        type=float,
        nargs="+",
        metavar="S",
        default=list(LATENCIES),
        help="seconds per model call (default 0.5 1 2)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        nargs="+",
        metavar="N",
        default=list(CONCURRENCIES),
        help="requests in flight run-wide (default 8 32 128)",
    )
    parser.add_argument(
        "--scheduling",
        nargs="+",
        choices=[s.name for s in SCHEDULINGS],
        default=[s.name for s in SCHEDULINGS],
        help="the rows to run (default all)",
    )
    parser.add_argument("--jitter", type=float, default=0.0, metavar="S", help="± seconds")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed and the jitter's")
    parser.add_argument("--world", default=WORLD, help=f"default {WORLD} (25 residents)")
    parser.add_argument("--executor", choices=["ray", "inline"], default="ray")
    parser.add_argument("--out", type=Path, help="keep the run folders here (default: deleted)")
    parser.add_argument(
        "--read",
        type=Path,
        nargs="+",
        metavar="RUN_DIR",
        help="print the rows of runs kept with --out (their folders) instead of running",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.hours, args.latency, args.concurrency = 1.0, [1.0], [32]
    return args


def read_rows(run_dirs: list[Path]) -> list[Row]:
    """The rows of runs kept with --out: names from the folders, wall from their summaries."""
    rows = []
    for run_dir in run_dirs:
        named = re.fullmatch(r"(.+)-latency([\d.]+)-flight\d+", run_dir.name)
        if named is None:
            raise RunDataError(f"{run_dir}: not a run kept by this bench (NAME-latencyS-flightN)")
        wall = float(read_json(run_dir / "summary.json")["wall_seconds"])
        rows.append(figures(read_run(run_dir), named[1], float(named[2]), wall))
    return rows


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.read:
        try:
            print("\n".join([HEADER, *map(render, read_rows(args.read))]))
        except RunDataError as exc:
            raise SystemExit(f"bench_latency: {exc}") from None
        return
    started = time.perf_counter()
    keep = args.out is not None
    args.out = args.out or Path(tempfile.mkdtemp(prefix="hamlet-latency-"))
    args.out.mkdir(parents=True, exist_ok=True)
    print(
        f"{args.world}, {args.hours:g} game hours, stand-in endpoint (jitter {args.jitter:g} s), "
        f"{args.executor} executor; bounds from each run's own frames and call log"
    )
    print(HEADER)
    rows: list[Row] = []
    try:
        for latency in args.latency:
            with standin(latency, args.jitter, args.seed, args.out) as url:
                for scheduling in (s for s in SCHEDULINGS if s.name in args.scheduling):
                    for concurrency in args.concurrency:
                        run_dir, wall = run_town(url, scheduling, latency, concurrency, args)
                        rows.append(figures(read_run(run_dir), scheduling.name, latency, wall))
                        print(render(rows[-1]), flush=True)
                        if not keep:  # a day's run folder is a few hundred MB
                            shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(args.out, ignore_errors=True)
    # Again in one piece: Ray's notices about starting workers land amid the lines above.
    print("\n" + "\n".join([HEADER, *map(render, rows)]))
    print(
        "lockstep: each tick waits for its longest chain of calls (or its calls / flight); "
        "limit: residents wait only for those they perceive; dec.lim: the same with only "
        "decision calls on the path; sch.lim: what the out-of-order scheduler with background "
        "thinking waits on besides (background lands at the next wake, checkpoints are "
        "barriers); paper: 55 calls per resident-hour, one at a time"
    )
    print(f"bench wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
