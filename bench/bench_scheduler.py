"""Lock-step against out-of-order ticks, with a model that takes a fixed time per call.

    PYTHONPATH=. python bench/bench_scheduler.py [--world oakhollow --hours 1 --latency 0.2]

Every call gets the scripted backend's answer after `--latency` seconds (no
limit on calls in flight; the inline executor), so the run wall is what the
scheduler makes of the latency. Prints, for each scheduler, the run wall,
the calls and the events, and whether the two records are the same.

`--virtual-time` waits the latency on a clock that jumps over every wait
instead of on the wall: a run's time is then what the scheduler's design
makes of the latency with its own CPU left out (the out-of-order rule's
caution in, the cost of reading it out), and a day takes minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import selectors
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from unittest import mock

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


class JumpingSelector(selectors.DefaultSelector):
    """A selector that never blocks: a wait with nothing ready moves its loop's clock instead."""

    def __init__(self, loop: VirtualClockLoop) -> None:
        super().__init__()
        self.loop = loop

    def select(self, timeout: float | None = None) -> list:
        ready = super().select(0)
        if not ready and timeout:
            self.loop.now += timeout
        return ready


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop on a virtual clock: timers fire at once, in order, as the clock jumps."""

    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(JumpingSelector(self))

    def time(self) -> float:
        return self.now


def _slow_model(config: Any, *, seed: int, gate: Any = None) -> TaskRunner:
    return TaskRunner(SlowScripted(seed))


def run_once(args: argparse.Namespace, scheduler: str, out: Path) -> tuple[float, Path]:
    """One run; its time on the wall, or on its virtual clock with `--virtual-time`."""
    loops: list[VirtualClockLoop] = []

    def virtual_loop() -> VirtualClockLoop:
        loops.append(VirtualClockLoop())
        return loops[-1]

    clock = mock.patch.object(asyncio, "new_event_loop", virtual_loop)
    started = time.perf_counter()
    with (
        clock if args.virtual_time else nullcontext(),
        Simulation.from_world(
            args.world,
            scenario=args.scenario,
            backend="scripted",
            executor="inline",
            seed=args.seed,
            hours=args.hours,
            out=out,
            run_id=scheduler,
            scheduler=scheduler,
        ) as run,
    ):
        first = loops[0].now if loops else 0.0
        run.run(progress=False)
        if loops:
            return loops[0].now - first, run.run_dir
        return time.perf_counter() - started, run.run_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", default="oakhollow")
    parser.add_argument("--scenario", default="party")
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument(
        "--virtual-time",
        action="store_true",
        help="wait the latency on a clock that jumps over waits: the scheduler's design alone",
    )
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
            kind = "virtual" if args.virtual_time else "run wall"
            print(
                f"{scheduler:>12}: {wall:7.1f} s {kind}, {calls} calls, "
                f"{events.count(chr(10))} events"
            )
    same = records["lockstep"] == records["out-of-order"]
    print(f"records {'the same' if same else 'DIFFER'} (events and frames)")


if __name__ == "__main__":
    main()
