"""Executors: where the agents' hosts live — in this process, or one Ray actor per group
(`sim.ray_executor`).

Both run `AgentHost`, so with the same seed they give the same decisions.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from typing import Any, Protocol

from agents.contract import Perception
from agents.llm import LLMConfig
from agents.spec import AgentSpec
from sim.hosting import AgentHost, HostResult
from sim.ray_console import keep_pushed_notices_off_the_console

# Told, while a tick waits on its agents, how many model requests it has had answered.
OnWait = Callable[[int], None]


class Executor(Protocol):
    """Runs the awake agents of a tick and holds every agent's state."""

    def decide(self, perceptions: list[Perception], on_wait: OnWait | None = None) -> HostResult:
        """The agents' decisions; `on_wait`, if the executor can tell, hears of progress."""
        ...

    def submit(self, perceptions: list[Perception]) -> int:
        """Start the agents' decisions without waiting; a ticket to collect them by."""
        ...

    def collect(self, *, wait: bool) -> dict[int, HostResult]:
        """The submitted decisions done by now (`wait`: block until at least one is)."""
        ...

    def settle(self) -> HostResult:
        """Land every agent's background thinking; the calls it made and any errors."""
        ...

    def snapshot(self, since: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
        """Every agent's state; those named in `since` may answer with a change since that mark."""
        ...

    def restore(self, states: dict[str, dict[str, Any]]) -> None: ...

    def interview(self, agent: str, question: str) -> Any: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Every agent in the driver process: for tests, debugging and small towns."""

    def __init__(self, specs: list[AgentSpec], llm_config: LLMConfig, seed: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._host = AgentHost(specs, llm_config, seed)
        self._tasks: dict[int, asyncio.Task[HostResult]] = {}
        self._tickets = 0

    def decide(self, perceptions: list[Perception], on_wait: OnWait | None = None) -> HostResult:
        # Background thinking left by one call advances while the loop runs for the next.
        return self._loop.run_until_complete(self._host.decide(perceptions))

    def submit(self, perceptions: list[Perception]) -> int:
        self._tickets += 1
        self._tasks[self._tickets] = self._loop.create_task(self._host.decide(perceptions))
        return self._tickets

    def collect(self, *, wait: bool) -> dict[int, HostResult]:
        if wait and self._tasks:
            pending = list(self._tasks.values())
            self._loop.run_until_complete(
                asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            )
        else:
            self._loop.run_until_complete(asyncio.sleep(0))
        done = {ticket: task for ticket, task in self._tasks.items() if task.done()}
        for ticket in done:
            del self._tasks[ticket]
        return {ticket: task.result() for ticket, task in sorted(done.items())}

    def settle(self) -> HostResult:
        return self._loop.run_until_complete(self._host.settle())

    def snapshot(self, since: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
        return self._host.snapshot(since)

    def restore(self, states: dict[str, dict[str, Any]]) -> None:
        self._host.restore(states)

    def interview(self, agent: str, question: str) -> Any:
        return self._loop.run_until_complete(self._host.interview(agent, question))

    def close(self) -> None:
        if self._loop.is_closed():
            return
        # Thinking still in flight (a run stopped between settlements) is dropped.
        leftover = asyncio.all_tasks(self._loop)
        for task in leftover:
            task.cancel()
        if leftover:
            self._loop.run_until_complete(asyncio.wait(leftover))
        self._loop.run_until_complete(self._host.aclose())
        self._loop.close()


def pack(specs: list[AgentSpec], per_actor: int) -> list[list[AgentSpec]]:
    """Groups of at most `per_actor` agents, in name order."""
    ordered = sorted(specs, key=lambda spec: spec.persona.name)
    return [ordered[i : i + per_actor] for i in range(0, len(ordered), per_actor)]


def start_ray(address: str | None) -> None:
    """Join the cluster at `address`, or start a local one sized to this machine."""
    import ray

    if ray.is_initialized():
        return
    keep_pushed_notices_off_the_console()
    if address:
        # The actors' output stays in Ray's logs; its line naming the cluster
        # joined is kept: it tells which cluster the run is on.
        ray.init(address=address, include_dashboard=False, log_to_driver=False)
    else:
        # Ray's notices about its own local instance are noise on a run's console.
        ray.init(
            num_cpus=os.cpu_count() or 1,
            include_dashboard=False,
            logging_level=logging.ERROR,
            log_to_driver=False,
        )
