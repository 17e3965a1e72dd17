"""The Ray executor: residents in Ray actors, a group to an actor; a dead actor is replaced.

Every decision sent to an actor is kept (`sim.actor_journal`) until the
next snapshot of its residents. When an actor's process dies, a new one
restores that snapshot and replays the decisions on the answers they got,
so no model is asked again and no event changes; then the run goes on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from agents.contract import Perception
from agents.llm import LLMConfig
from agents.llm.factory import concurrency_limit, require_keys
from agents.llm.outage import EndpointStatus
from agents.notices import say_on_stderr
from agents.spec import AgentSpec
from sim.actor_journal import HostSlot, Step
from sim.errors import ActorLost, HamletError
from sim.executors import OnWait, pack, start_ray
from sim.hosting import HostResult
from sim.packing import PerActor, resolve_per_actor
from sim.ray_actors import gate_actor_class, host_actor_class

WAIT_REPORT_S = 1.0  # how often a wait reports progress
PROBE_EVERY_S = 10.0  # how often a long wait looks for actors that died unnoticed
PROBE_S = 5.0  # how long an actor has to say it is alive
DEFAULT_ACTOR_RESTARTS = 3


def placement_line(nodes: list[str]) -> str:
    """Where the actors run, for the console: how many on each node (node ids shortened)."""
    counts = Counter(nodes)
    each = ", ".join(f"{node[:8]} {n}" for node, n in sorted(counts.items()))
    where = f"{len(counts)} node" + ("s" if len(counts) != 1 else "")
    return f"{len(nodes)} actors on {where} ({each})"


class RayExecutor:
    """Agents in Ray actors, `per_actor` to an actor; actors reserve no whole CPU.

    An actor that dies is replaced at most `restarts` times between two
    snapshots of its residents (a checkpoint); once more and the run stops
    with `ActorLost`, its last checkpoint kept.
    """

    def __init__(
        self,
        specs: list[AgentSpec],
        llm_config: LLMConfig,
        seed: int,
        *,
        per_actor: PerActor = 1,
        address: str | None = None,
        restarts: int = DEFAULT_ACTOR_RESTARTS,
        notice: Callable[[str], None] = say_on_stderr,
    ) -> None:
        import ray

        require_keys(llm_config)  # the actors would each fail on it, after Ray's start
        start_ray(address)
        self._ray = ray
        self._llm_config = llm_config
        self._seed = seed
        self._restarts = restarts
        self._notice = notice
        self._host_class = host_actor_class()
        self._nodes = self._alive_nodes()
        self._gate = gate_actor_class().remote(concurrency_limit(llm_config))
        groups = pack(specs, resolve_per_actor(per_actor, len(specs)))
        self._slots = [HostSlot(index, group) for index, group in enumerate(groups)]
        for slot in self._slots:
            self._spawn(slot)
        self._slot_of = {name: slot for slot in self._slots for name in slot.names}
        self._pending: dict[int, list[Step]] = {}
        self._tickets = 0
        try:
            self._check_ready(self._slots)
        except BaseException:
            self.close()
            raise
        if len(self._nodes) > 1:
            self._notice(placement_line(self._get([s.actor.node.remote() for s in self._slots])))

    # -- the executor's protocol -----------------------------------------------------

    def decide(self, perceptions: list[Perception], on_wait: OnWait | None = None) -> HostResult:
        return self._merged(self._dispatch(perceptions), on_wait)

    def settle(self) -> HostResult:
        return self._merged([slot.send(None) for slot in self._slots])

    def submit(self, perceptions: list[Perception]) -> int:
        self._tickets += 1
        self._pending[self._tickets] = self._dispatch(perceptions)
        return self._tickets

    def collect(self, *, wait: bool) -> dict[int, HostResult]:
        refs = [step.ref for steps in self._pending.values() for step in steps]
        if wait and refs:
            ready, _ = self._ray.wait(refs, num_returns=len(refs), timeout=0)
            # One more answer than is in now, so that a loop on `collect` does not spin.
            self._wait_for(refs, min(len(ready) + 1, len(refs)))
        done: dict[int, HostResult] = {}
        for ticket, steps in sorted(self._pending.items()):
            group = [step.ref for step in steps]
            ready, _ = self._ray.wait(group, num_returns=len(group), timeout=0)
            if len(ready) == len(group):
                done[ticket] = self._merged(steps)
        for ticket in done:
            del self._pending[ticket]
        return done

    def snapshot(self, since: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
        states: dict[str, dict[str, Any]] = {}
        # The changes are made in the actors, so only they travel to the driver.
        for slot, part in zip(self._slots, self._ask_all("snapshot", since), strict=True):
            slot.snapshot_taken(part)
            states.update(part)
        return states

    def restore(self, states: dict[str, dict[str, Any]]) -> None:
        for slot in self._slots:
            slot.snapshot_taken(states)
        self._ask_all("restore", self._ray.put(states))  # one copy for every actor

    def interview(self, agent: str, question: str) -> Any:
        slot = self._slot_of[agent]
        return self._answer(slot, "interview", agent, question)

    def endpoint_status(self) -> EndpointStatus | None:
        """The endpoint's outage, if a host reports one; for the progress line."""
        return self._get(self._gate.endpoint.remote())

    def actor_pids(self) -> dict[str, int]:
        """The process id of each resident's actor, for those whose actor is alive now.

        It replaces nothing: safe to call from another thread.
        """
        slots = list(self._slots)
        pids = self._probe(slots)
        alive = [slot for slot in slots if pids.get(slot.index) is not None]
        return {name: pids[slot.index] for slot in alive for name in slot.names}

    def close(self) -> None:
        dead = self._ray.exceptions.RayActorError
        for slot in self._slots:
            try:
                self._ray.get(slot.actor.aclose.remote(), timeout=30)
            except dead:
                pass  # its process is gone: nothing of it to close
            finally:
                self._ray.kill(slot.actor)
        self._slots = []
        self._ray.kill(self._gate)

    # -- results, with a dead actor replaced --------------------------------------------

    def _dispatch(self, perceptions: list[Perception]) -> list[Step]:
        """Each actor's share of the perceptions sent to it, as steps to collect."""
        by_slot: dict[int, list[Perception]] = {}
        for perception in perceptions:
            by_slot.setdefault(self._slot_of[perception.agent].index, []).append(perception)
        return [self._slots[index].send(group) for index, group in by_slot.items()]

    def _merged(self, steps: list[Step], on_wait: OnWait | None = None) -> HostResult:
        """The steps' results as one; per agent the order of calls is kept, across agents
        name order, as a single host gives them.

        Results are taken as they come, so that a dead actor is replaced even while
        another waits on it (for a model-request slot it held, say).
        """
        before = self._answered() if on_wait is not None else 0
        parts: dict[int, HostResult] = {}
        pending = list(steps)
        while pending:
            ready = self._wait_for([step.ref for step in pending], 1, on_wait, before)
            for step in [step for step in pending if step.ref in ready]:
                part = self._result(step)
                if part is not None:
                    parts[id(step)] = part
            pending = [step for step in pending if id(step) not in parts]
        result = HostResult()
        for step in steps:
            result.merge(parts[id(step)])
        result.calls.sort(key=lambda record: record.agent)
        return result

    def _wait_for(
        self, refs: list[Any], count: int, on_wait: OnWait | None = None, before: int = 0
    ) -> list[Any]:
        """The first `count` of `refs` to be ready. While none comes, `on_wait` hears of the
        run's answered requests, and every so often actors that died unnoticed are replaced:
        one that held a model-request slot would keep the others waiting."""
        waited = 0.0
        while True:
            ready, _ = self._ray.wait(refs, num_returns=count, timeout=WAIT_REPORT_S)
            if len(ready) >= count:
                return ready
            if on_wait is not None:
                on_wait(self._answered() - before)
            waited += WAIT_REPORT_S
            if waited % PROBE_EVERY_S < WAIT_REPORT_S:
                self._replace_dead()

    def _replace_dead(self) -> None:
        pids = self._probe(self._slots)
        for slot in self._slots:
            if slot.index in pids and pids[slot.index] is None:
                self._replace(slot)

    def _probe(self, slots: list[HostSlot]) -> dict[int, int | None]:
        """The pid of each slot's actor by slot index, None where its process is dead; an
        actor that does not answer within `PROBE_S` (busy or starting) is left out."""
        probes = [slot.actor.pid.remote() for slot in slots]
        answered, _ = self._ray.wait(probes, num_returns=len(probes), timeout=PROBE_S)
        found: dict[int, int | None] = {}
        for slot, probe in zip(slots, probes, strict=True):
            if probe not in answered:
                continue
            try:
                found[slot.index] = self._ray.get(probe)
            except self._ray.exceptions.RayActorError:
                found[slot.index] = None
        return found

    def _result(self, step: Step) -> HostResult | None:
        """A finished step's result; None if its actor died, the step sent to its successor."""
        try:
            part: HostResult = self._get(step.ref)
        except self._ray.exceptions.RayActorError:
            self._replace(step.slot)
            return None
        step.finish(part.calls)
        return part

    def _ask_all(self, method: str, *args: Any) -> list[Any]:
        """Every actor's answer to `method(*args)`, asked at once."""
        refs = [getattr(slot.actor, method).remote(*args) for slot in self._slots]
        return [
            self._answer(slot, method, *args, ref=ref)
            for slot, ref in zip(self._slots, refs, strict=True)
        ]

    def _answer(self, slot: HostSlot, method: str, *args: Any, ref: Any = None) -> Any:
        """A slot's answer to a question that changes no state, asked again of a new actor."""
        while True:
            if ref is None:
                ref = getattr(slot.actor, method).remote(*args)
            try:
                return self._get(ref)
            except self._ray.exceptions.RayActorError:
                self._replace(slot)
                ref = None

    def _replace(self, slot: HostSlot) -> None:
        """A new actor in place of the dead one, at the point its predecessor had reached."""
        self._collect_finished(slot)
        while True:
            if slot.restarts >= self._restarts:
                raise ActorLost(
                    f"the actor hosting {', '.join(slot.names)} died {slot.restarts + 1} times "
                    f"since its last checkpoint (at most {self._restarts} restarts)"
                )
            slot.restarts += 1
            self._gate.forget.remote(slot.holder)
            self._ray.kill(slot.actor)
            self._spawn(slot)
            steps, answers, unfinished = slot.replay_plan()
            try:
                self._check_ready([slot])
                self._get(slot.actor.recover.remote(slot.states(), steps, answers))
                break
            except self._ray.exceptions.RayActorError:
                continue  # the new one died too, before it caught up
        for step in unfinished:
            slot.resend(step)
        caught_up = (
            f"replaying {len(steps)} of its steps on {len(answers)} recorded answers"
            if steps
            else "with nothing to replay"
        )
        self._notice(
            f"the actor hosting {', '.join(slot.names)} died; a new one took its place, "
            f"{caught_up} (restart {slot.restarts} of {self._restarts} before the next checkpoint)"
        )

    def _collect_finished(self, slot: HostSlot) -> None:
        """Results the dead actor had finished before it died, so they are not asked again."""
        for step in slot.steps:
            if step.done:
                continue
            try:
                step.finish(self._get(step.ref, timeout=0).calls)
            except (self._ray.exceptions.RayActorError, self._ray.exceptions.GetTimeoutError):
                continue

    def _spawn(self, slot: HostSlot) -> None:
        slot.generation += 1
        slot.actor = self._host_class.options(**self._placement(slot)).remote(
            slot.specs, self._llm_config, self._seed, self._gate, slot.holder
        )

    def _placement(self, slot: HostSlot) -> dict[str, Any]:
        """Actors take the cluster's nodes in turn: Ray's own spreading, and even a soft
        affinity, may keep every actor on one node. A replacement takes a node alive now."""
        if slot.generation > 1:
            self._nodes = self._alive_nodes()
        if len(self._nodes) < 2:
            return {}
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        node = self._nodes[slot.index % len(self._nodes)]
        return {"scheduling_strategy": NodeAffinitySchedulingStrategy(node, soft=False)}

    def _alive_nodes(self) -> list[str]:
        return sorted(n["NodeID"] for n in self._ray.nodes() if n["Alive"])

    def _check_ready(self, slots: list[HostSlot]) -> None:
        mistakes = self._get([slot.actor.ready.remote() for slot in slots])
        mistake = next((m for m in mistakes if m is not None), None)
        if mistake is not None:
            raise mistake

    def _answered(self) -> int:
        return int(self._get(self._gate.answered.remote()))

    def _get(self, refs: Any, timeout: float | None = None) -> Any:
        """`ray.get`, with a user's mistake raised in an actor unwrapped from Ray's error."""
        try:
            return self._ray.get(refs, timeout=timeout)
        except self._ray.exceptions.RayTaskError as exc:
            if isinstance(exc.cause, HamletError):
                raise exc.cause from None
            raise
