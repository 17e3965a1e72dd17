"""The Ray actors of a run: the gate on model requests, and the hosts of the residents.

Their classes are made on first use, so that importing the engine does not import Ray.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from typing import Any

from agents.contract import Perception
from agents.llm import CallRecord, LLMConfig
from agents.llm.outage import EndpointStatus
from agents.spec import AgentSpec
from sim.errors import HamletError
from sim.hosting import AgentHost, HostResult


def gate_actor_class() -> Any:
    import ray

    @ray.remote(num_cpus=0, max_concurrency=100_000)
    class GateActor:
        """The run-wide semaphore on model requests, shared by every host actor.

        It knows which host holds each slot, so that the slots of a host whose
        process died go back to the others.
        """

        def __init__(self, limit: int) -> None:
            self._slots = asyncio.Semaphore(limit)
            self._held: Counter[str] = Counter()
            self._gone: set[str] = set()
            self._answered = 0
            self._endpoint: EndpointStatus | None = None

        async def acquire(self, holder: str) -> None:
            await self._slots.acquire()
            if holder in self._gone:  # asked by a process that has died since
                self._slots.release()
                return
            self._held[holder] += 1

        async def release(self, holder: str) -> None:
            if self._held[holder] > 0:
                self._held[holder] -= 1
                self._slots.release()
            self._answered += 1

        async def forget(self, holder: str) -> None:
            """`holder` is dead: the slots it held are free."""
            self._gone.add(holder)
            for _ in range(self._held.pop(holder, 0)):
                self._slots.release()

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

    def __init__(self, actor: Any, holder: str) -> None:
        self._actor = actor
        self._holder = holder

    async def acquire(self) -> None:
        await self._actor.acquire.remote(self._holder)

    async def release(self) -> None:
        await self._actor.release.remote(self._holder)

    async def report_endpoint(self, status: EndpointStatus | None) -> None:
        await self._actor.report_endpoint.remote(status)


def host_actor_class() -> Any:
    import ray

    # Spread over the cluster's nodes: actors reserve no CPU, so Ray would keep them all on one.
    @ray.remote(num_cpus=0, scheduling_strategy="SPREAD")
    class HostActor:
        """A Ray actor holding one `AgentHost`; async, so model calls overlap."""

        def __init__(
            self,
            specs: list[AgentSpec],
            llm_config: LLMConfig,
            seed: int,
            gate: Any,
            holder: str,
        ) -> None:
            # A user's mistake (a damaged recording, a bad persona) is handed to the
            # driver by `ready`: raised here, it would kill the actor and reach the
            # user as Ray's traceback.
            self.mistake: HamletError | None = None
            try:
                self.host = AgentHost(specs, llm_config, seed, RayGate(gate, holder))
            except HamletError as exc:
                self.mistake = exc

        async def ready(self) -> HamletError | None:
            """None once the host is built; else the user's mistake that stopped it."""
            return self.mistake

        async def pid(self) -> int:
            return os.getpid()

        async def node(self) -> str:
            """The id of the Ray node it runs on."""
            return ray.get_runtime_context().get_node_id()

        async def decide(self, perceptions: list[Perception]) -> HostResult:
            return await self.host.decide(perceptions)

        async def settle(self) -> HostResult:
            return await self.host.settle()

        async def snapshot(self, since: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
            return self.host.snapshot(since)

        async def restore(self, states: dict[str, dict[str, Any]]) -> None:
            self.host.restore(states)

        async def recover(
            self,
            states: dict[str, dict[str, Any]],
            steps: list[list[Perception] | None],
            answers: list[CallRecord],
        ) -> int:
            """Restore a snapshot and replay what followed it; the answers no call took."""
            self.host.restore(states)
            return await self.host.replay(steps, answers)

        async def interview(self, agent: str, question: str) -> Any:
            return await self.host.interview(agent, question)

        async def aclose(self) -> None:
            if self.mistake is None:
                await self.host.aclose()

    return HostActor
