"""Lock-step against out-of-order ticks, with a model that takes a fixed time per call.

    PYTHONPATH=. python bench/bench_scheduler.py [--world oakhollow --hours 1 --latency 0.2]

Every call gets the scripted backend's answer after `--latency` seconds (no
limit on calls in flight; the inline executor), so the run wall is what the
scheduler makes of the latency. Prints, for each scheduler, the run wall,
the calls and the events, and whether the two records are the same.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import sim.hosting
from agents.llm.backend import Completion, CompletionRequest
from agents.llm.runner import TaskRunner
from agents.llm.scripted import ScriptedBackend
from sim import Simulation


class SlowScripted(ScriptedBackend):
    """The scripted backend's answers, each after the same wait: a stand-in for an endpoint."""

    latency_s = 0.2

    async def complete(self, request: CompletionRequest) -> Completion:
        await asyncio.sleep(self.latency_s)
        return await super().complete(request)


def _slow_model(config: Any, *, seed: int, gate: Any = None) -> TaskRunner:
    return TaskRunner(SlowScripted(seed))


def run_once(args: argparse.Namespace, scheduler: str, out: Path) -> tuple[float, Path]:
    started = time.perf_counter()
    with Simulation.from_world(
        args.world,
        scenario=args.scenario,
        backend="scripted",
        executor="inline",
        seed=args.seed,
        hours=args.hours,
        out=out,
        run_id=scheduler,
        scheduler=scheduler,
    ) as run:
        run.run(progress=False)
        return time.perf_counter() - started, run.run_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", default="oakhollow")
    parser.add_argument("--scenario", default="party")
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    SlowScripted.latency_s = args.latency
    sim.hosting.build_language_model = _slow_model  # type: ignore[assignment]
    records = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scheduler in ("lockstep", "out-of-order"):
            wall, run_dir = run_once(args, scheduler, Path(tmp))
            events = (run_dir / "events.jsonl").read_text()
            calls = (run_dir / "llm_calls.jsonl").read_text().count("\n")
            frames = (run_dir / "frames.jsonl").read_text().splitlines()[1:]
            records[scheduler] = (events, frames)
            print(
                f"{scheduler:>12}: {wall:7.1f} s run wall, {calls} calls, "
                f"{events.count(chr(10))} events"
            )
    same = records["lockstep"] == records["out-of-order"]
    print(f"records {'the same' if same else 'DIFFER'} (events and frames)")


if __name__ == "__main__":
    main()
