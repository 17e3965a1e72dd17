"""A host: the agents of one process (an actor, or the driver) and their language model.

The inline executor runs one host in the driver; the Ray executor runs one
host per actor. Both call the same code, so both produce the same decisions.

An agent's decision may leave thinking running in the background; the host
reads the agent's view and its calls before that thinking can run, and
settles every agent (lands what is in flight, drains its calls) when asked,
before a checkpoint and at the end of a run.
"""

from __future__ import annotations

import asyncio
import traceback
from dataclasses import dataclass, field
from typing import Any

from agents.contract import Agent, AgentView, Decision, InterviewAnswer, Perception
from agents.factory import build_agent
from agents.llm import CallRecord, LLMConfig, build_embedder, build_language_model
from agents.llm.accounting import issued_at
from agents.llm.gate import Gate
from agents.llm.outage import EndpointOutage
from agents.llm.recorded import RecordedAnswers
from agents.spec import AgentSpec


@dataclass
class HostResult:
    """What a host returns for one tick: decisions, the agents' views, the model calls."""

    decisions: list[Decision] = field(default_factory=list)
    views: dict[str, AgentView] = field(default_factory=dict)
    calls: list[CallRecord] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def merge(self, other: HostResult) -> None:
        self.decisions += other.decisions
        self.views.update(other.views)
        self.calls += other.calls
        self.errors.update(other.errors)


class AgentHost:
    """Builds and runs a group of agents; their independent thinking overlaps."""

    def __init__(
        self, specs: list[AgentSpec], llm_config: LLMConfig, seed: int, gate: Gate | None = None
    ) -> None:
        self.llm = RecordedAnswers(build_language_model(llm_config, seed=seed, gate=gate))
        self.embedder = build_embedder(llm_config)
        self.agents = {
            spec.persona.name: build_agent(spec, self.llm, self.embedder) for spec in specs
        }
        self._carried: list[CallRecord] = []  # calls made while replaying, not yet reported

    async def decide(self, perceptions: list[Perception]) -> HostResult:
        result = HostResult(calls=self._take_carried())
        for part in await asyncio.gather(*(self._decide_one(p) for p in perceptions)):
            result.merge(part)
        # Per agent the order of calls is kept; across agents, name order.
        result.calls.sort(key=lambda record: record.agent)
        return result

    async def _decide_one(self, perception: Perception) -> HostResult:
        agent = self.agents[perception.agent]
        with issued_at(perception.tick):
            decision, error = await self._decision(agent, perception)
        # No await since the decision returned: background thinking it started has
        # not run yet, so the view and the calls are the same whatever the model's speed.
        return HostResult(
            decisions=[decision],
            views={agent.name: agent.view()},
            calls=self.llm.drain_calls(agent.name),
            errors={agent.name: error} if error else {},
        )

    async def _decision(self, agent: Agent, perception: Perception) -> tuple[Decision, str | None]:
        try:
            decision = await agent.decide(perception)
        except EndpointOutage:
            raise  # not the agent's doing: the run stops, to be resumed
        except Exception:  # an agent's bug must not stop the town; it is logged as an event
            return Decision(agent=agent.name), traceback.format_exc(limit=8)
        if decision.agent != agent.name:
            return Decision(
                agent=agent.name
            ), f"decision names {decision.agent!r}, not {agent.name!r}"
        return decision, None

    async def settle(self) -> HostResult:
        """Land every agent's background thinking: the calls it made, and any error it met."""
        names = sorted(self.agents)
        outcomes = await asyncio.gather(
            *(self.agents[name].settle() for name in names), return_exceptions=True
        )
        drained = self._take_carried() + self.llm.drain_calls()
        result = HostResult(calls=sorted(drained, key=lambda r: r.agent))
        for name, outcome in zip(names, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                error = "".join(traceback.format_exception(outcome, limit=8))
                result.errors[name] = error
        return result

    def _take_carried(self) -> list[CallRecord]:
        carried, self._carried = self._carried, []
        return carried

    def snapshot(self, since: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
        """Every agent's state; an agent named in `since` may give a change since that mark."""
        marks = since or {}
        return {name: agent.snapshot(marks.get(name)) for name, agent in self.agents.items()}

    def restore(self, states: dict[str, dict[str, Any]]) -> None:
        for name, state in states.items():
            if name in self.agents:
                self.agents[name].restore(state)

    async def replay(self, steps: list[list[Perception] | None], answers: list[CallRecord]) -> int:
        """Do again what these agents did since their restored snapshot, on recorded answers.

        `steps` are the host's decisions in the order they were asked (None: a
        settlement); `answers`, the calls they made then. Nothing is returned of
        what they decide: the run has it. Calls the recording lacks go to the
        model and are reported with the next decision. The answers no call took.
        """
        self.llm.load(answers)
        carried: list[CallRecord] = []
        for perceptions in steps:
            result = await (self.settle() if perceptions is None else self.decide(perceptions))
            carried += result.calls
        unused = self.llm.unused()
        self.llm.forget()
        self._carried = carried
        return unused

    async def interview(self, agent: str, question: str) -> InterviewAnswer:
        return await self.agents[agent].interview(question)

    async def aclose(self) -> None:
        await self.llm.aclose()
