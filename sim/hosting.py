"""A host: the agents of one process (an actor, or the driver) and their language model.

The inline executor runs one host in the driver; the Ray executor runs one
host per actor. Both call the same code, so both produce the same decisions.
"""

from __future__ import annotations

import asyncio
import traceback
from dataclasses import dataclass, field
from typing import Any

from agents.contract import AgentView, Decision, InterviewAnswer, Perception
from agents.factory import build_agent
from agents.llm import CallRecord, LLMConfig, build_embedder, build_language_model
from agents.llm.gate import Gate
from agents.llm.outage import EndpointOutage
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
        self.llm = build_language_model(llm_config, seed=seed, gate=gate)
        self.embedder = build_embedder(llm_config)
        self.agents = {
            spec.persona.name: build_agent(spec, self.llm, self.embedder) for spec in specs
        }

    async def decide(self, perceptions: list[Perception]) -> HostResult:
        outcomes = await asyncio.gather(*(self._decide_one(p) for p in perceptions))
        result = HostResult()
        for perception, (decision, error) in zip(perceptions, outcomes, strict=True):
            result.decisions.append(decision)
            result.views[perception.agent] = self.agents[perception.agent].view()
            if error:
                result.errors[perception.agent] = error
        calls = self.llm.drain_calls()
        # Per agent the order of calls is kept; across agents, name order.
        result.calls = sorted(calls, key=lambda record: record.agent)
        return result

    async def _decide_one(self, perception: Perception) -> tuple[Decision, str | None]:
        agent = self.agents[perception.agent]
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

    def snapshot(self) -> dict[str, dict[str, Any]]:
        return {name: agent.snapshot() for name, agent in self.agents.items()}

    def restore(self, states: dict[str, dict[str, Any]]) -> None:
        for name, state in states.items():
            if name in self.agents:
                self.agents[name].restore(state)

    async def interview(self, agent: str, question: str) -> InterviewAnswer:
        return await self.agents[agent].interview(question)

    async def aclose(self) -> None:
        await self.llm.aclose()
