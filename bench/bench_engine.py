"""Engine throughput: ticks per second and wake rate, inline and on Ray actors.

    python bench/bench_engine.py [--ticks 720] [--world tiny]

Prints a table; never fails on a timing. Rule-based agents and the scripted
backend keep the language model out of the figure: this measures the engine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sim import Simulation

PEER_CALLS = 55.0


@dataclass(frozen=True)
class Figures:
    """One configuration's row of the table."""

    start_s: float
    ticks_per_s: float
    wakes_per_agent_hour: float
    calls_per_agent_hour: float


def measure(world: str, ticks: int, out: Path, **options: object) -> Figures:
    started = time.perf_counter()
    with Simulation.from_world(world, backend="scripted", out=out, ticks=ticks, **options) as sim:
        ready = time.perf_counter()
        summary = sim.run(progress=False)
    finished = time.perf_counter()
    return Figures(
        start_s=ready - started,
        ticks_per_s=ticks / max(finished - ready, 1e-9),
        wakes_per_agent_hour=summary.wakes / max(summary.agents * summary.game_hours, 1e-9),
        calls_per_agent_hour=summary.calls_per_agent_hour,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ticks", type=int, default=720)
    parser.add_argument("--world", default="tiny")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for kind in ("rule-based", "generative"):
            for executor, per_actor in (("inline", 1), ("ray", 1), ("ray", 4)):
                label = f"{kind}, {executor}" + (
                    f" x{per_actor}/actor" if executor == "ray" else ""
                )
                figures = measure(
                    args.world,
                    args.ticks,
                    out,
                    agent_kind=kind,
                    executor=executor,
                    agents_per_actor=per_actor,
                    run_id=f"{kind}-{executor}-{per_actor}",
                )
                rows.append((label, figures))
    print(f"world {args.world}, {args.ticks} ticks, scripted backend")
    header = ("configuration", "start s", "ticks/s", "wakes/agent-h", "calls/agent-h")
    header += ("peer", "ratio")
    print("{:36} {:>8} {:>9} {:>14} {:>14} {:>6} {:>6}".format(*header))
    for label, f in rows:
        calls = f.calls_per_agent_hour
        print(
            f"{label:36} {f.start_s:8.2f} {f.ticks_per_s:9.1f} "
            f"{f.wakes_per_agent_hour:14.1f} {calls:14.1f} {PEER_CALLS:6.0f} "
            f"{calls / PEER_CALLS:6.2f}"
        )
    print(f"peer: the reference code, ~{PEER_CALLS:.0f} calls per agent per game hour (issue #156)")


if __name__ == "__main__":
    main()
