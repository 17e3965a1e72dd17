"""The scheduler benchmark's virtual clock: waits jump its time and come back in order."""

from __future__ import annotations

import asyncio

from bench.bench_scheduler import VirtualClockLoop


def test_waits_jump_the_clock_in_order_without_taking_wall_time():
    loop = VirtualClockLoop()
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        woke.append((name, loop.time()))

    async def town() -> None:
        await asyncio.gather(sleeper("late", 300.0), sleeper("early", 100.0))
        await sleeper("after", 50.0)

    try:
        loop.run_until_complete(town())
    finally:
        loop.close()
    assert [name for name, _ in woke] == ["early", "late", "after"]
    assert [round(at) for _, at in woke] == [100, 300, 350]
