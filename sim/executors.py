"""Executors: where the agents' hosts live — in this process, or one Ray actor per group.

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
from agents.llm.factory import concurrency_limit, require_keys
from agents.llm.outage import EndpointStatus
from agents.spec import AgentSpec
from sim.errors import HamletError
from sim.hosting import AgentHost, HostResult
from sim.packing import PerActor, resolve_per_actor

# Told, while a tick waits on its agents, how many model requests it has had answered.
OnWait = Callable[[int], None]
WAIT_REPORT_S = 1.0


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

    def snapshot(self) -> dict[str, dict[str, Any]]: ...

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

    def snapshot(self) -> dict[str, dict[str, Any]]:
        return self._host.snapshot()

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


def _gate_actor_class() -> Any:
    import ray

    @ray.remote(num_cpus=0, max_concurrency=100_000)
    class GateActor:
        """The run-wide semaphore on model requests, shared by every host actor."""

        def __init__(self, limit: int) -> None:
            self._slots = asyncio.Semaphore(limit)
            self._answered = 0
            self._endpoint: EndpointStatus | None = None

        async def acquire(self) -> None:
            await self._slots.acquire()

        async def release(self) -> None:
            self._slots.release()
            self._answered += 1

        async def answered(self) -> int:
            """Requests that have come back (answered or failed) since the run began."""
            return self._answered

        async def report_endpoint(self, status: EndpointStatus | None) -> None:
            self._endpoint = status

        async def endpoint(self) -> EndpointStatus | None:
            """The endpoint's outage as a host last saw it; None while it answers."""
            return self._endpoint

    return GateActor


class RayGate:
    """A host's handle on the run's gate actor, as the language-model layer's `Gate`."""

    def __init__(self, actor: Any) -> None:
        self._actor = actor

    async def acquire(self) -> None:
        await self._actor.acquire.remote()

    async def release(self) -> None:
        await self._actor.release.remote()

    async def report_endpoint(self, status: EndpointStatus | None) -> None:
        await self._actor.report_endpoint.remote(status)


def _host_actor_class() -> Any:
    import ray

    # Spread over the cluster's nodes: actors reserve no CPU, so Ray would keep them all on one.
    @ray.remote(num_cpus=0, scheduling_strategy="SPREAD")
    class HostActor:
        """A Ray actor holding one `AgentHost`; async, so model calls overlap."""

        def __init__(
            self, specs: list[AgentSpec], llm_config: LLMConfig, seed: int, gate: Any
        ) -> None:
            # A user's mistake (a damaged recording, a bad persona) is handed to the
            # driver by `ready`: raised here, it would kill the actor and reach the
            # user as Ray's traceback.
            self.mistake: HamletError | None = None
            try:
                self.host = AgentHost(specs, llm_config, seed, RayGate(gate))
            except HamletError as exc:
                self.mistake = exc

        async def ready(self) -> HamletError | None:
            """None once the host is built; else the user's mistake that stopped it."""
            return self.mistake

        async def decide(self, perceptions: list[Perception]) -> HostResult:
            return await self.host.decide(perceptions)

        async def settle(self) -> HostResult:
            return await self.host.settle()

        async def snapshot(self) -> dict[str, dict[str, Any]]:
            return self.host.snapshot()

        async def restore(self, states: dict[str, dict[str, Any]]) -> None:
            self.host.restore(states)

        async def interview(self, agent: str, question: str) -> Any:
            return await self.host.interview(agent, question)

        async def aclose(self) -> None:
            if self.mistake is None:
                await self.host.aclose()

    return HostActor


def start_ray(address: str | None) -> None:
    """Join the cluster at `address`, or start a local one sized to this machine."""
    import ray

    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, include_dashboard=False)
    else:
        # Ray's notices about its own local instance are noise on a run's console.
        ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, logging_level=logging.ERROR)


class RayExecutor:
    """Agents in Ray actors, `per_actor` to an actor; actors reserve no whole CPU."""

    def __init__(
        self,
        specs: list[AgentSpec],
        llm_config: LLMConfig,
        seed: int,
        *,
        per_actor: PerActor = 1,
        address: str | None = None,
    ) -> None:
        import ray

        require_keys(llm_config)  # the actors would each fail on it, after Ray's start
        start_ray(address)
        actor_class = _host_actor_class()
        self._ray = ray
        self._gate = _gate_actor_class().remote(concurrency_limit(llm_config))
        self._groups = pack(specs, resolve_per_actor(per_actor, len(specs)))
        self._actors = [
            actor_class.remote(group, llm_config, seed, self._gate) for group in self._groups
        ]
        self._actor_of = {
            spec.persona.name: actor
            for group, actor in zip(self._groups, self._actors, strict=True)
            for spec in group
        }
        self._pending: dict[int, list[Any]] = {}
        self._tickets = 0
        mistakes = self._get([actor.ready.remote() for actor in self._actors])
        mistake = next((m for m in mistakes if m is not None), None)
        if mistake is not None:
            self.close()
            raise mistake

    def decide(self, perceptions: list[Perception], on_wait: OnWait | None = None) -> HostResult:
        before = self._answered() if on_wait is not None else 0
        futures = self._dispatch(perceptions)
        if on_wait is not None:
            pending = futures
            while pending:
                _, pending = self._ray.wait(
                    pending, num_returns=len(pending), timeout=WAIT_REPORT_S
                )
                if pending:
                    on_wait(self._answered() - before)
        return self._merged(futures)

    def settle(self) -> HostResult:
        return self._merged([actor.settle.remote() for actor in self._actors])

    def submit(self, perceptions: list[Perception]) -> int:
        self._tickets += 1
        self._pending[self._tickets] = self._dispatch(perceptions)
        return self._tickets

    def _dispatch(self, perceptions: list[Perception]) -> list[Any]:
        """Each actor's share of the perceptions sent to it; the futures of its decisions."""
        by_actor: dict[int, list[Perception]] = {}
        for perception in perceptions:
            by_actor.setdefault(id(self._actor_of[perception.agent]), []).append(perception)
        actors = {id(actor): actor for actor in self._actors}
        return [actors[key].decide.remote(group) for key, group in by_actor.items()]

    def _merged(self, refs: list[Any]) -> HostResult:
        """The actors' results as one; per agent the order of calls is kept, across agents
        name order, as a single host gives them."""
        result = HostResult()
        for part in self._get(refs):
            result.merge(part)
        result.calls.sort(key=lambda record: record.agent)
        return result

    def collect(self, *, wait: bool) -> dict[int, HostResult]:
        refs = [ref for group in self._pending.values() for ref in group]
        if wait and refs:
            ready, _ = self._ray.wait(refs, num_returns=len(refs), timeout=0)
            # One more answer than is in now, so that a loop on `collect` does not spin.
            self._ray.wait(refs, num_returns=min(len(ready) + 1, len(refs)))
        done: dict[int, HostResult] = {}
        for ticket, group in sorted(self._pending.items()):
            ready, _ = self._ray.wait(group, num_returns=len(group), timeout=0)
            if len(ready) == len(group):
                done[ticket] = self._merged(group)
        for ticket in done:
            del self._pending[ticket]
        return done

    def _answered(self) -> int:
        return int(self._get(self._gate.answered.remote()))

    def endpoint_status(self) -> EndpointStatus | None:
        """The endpoint's outage, if a host reports one; for the progress line."""
        return self._get(self._gate.endpoint.remote())

    def snapshot(self) -> dict[str, dict[str, Any]]:
        states: dict[str, dict[str, Any]] = {}
        for part in self._get([actor.snapshot.remote() for actor in self._actors]):
            states.update(part)
        return states

    def restore(self, states: dict[str, dict[str, Any]]) -> None:
        self._get([actor.restore.remote(states) for actor in self._actors])

    def interview(self, agent: str, question: str) -> Any:
        return self._get(self._actor_of[agent].interview.remote(agent, question))

    def _get(self, refs: Any) -> Any:
        """`ray.get`, with a user's mistake raised in an actor unwrapped from Ray's error."""
        try:
            return self._ray.get(refs)
        except self._ray.exceptions.RayTaskError as exc:
            if isinstance(exc.cause, HamletError):
                raise exc.cause from None
            raise

    def close(self) -> None:
        for actor in self._actors:
            try:
                self._ray.get(actor.aclose.remote(), timeout=30)
            finally:
                self._ray.kill(actor)
        self._actors = []
        self._ray.kill(self._gate)
