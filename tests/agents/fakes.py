"""Fakes for the mind's tests: a small town, personas, perceptions, a steerable model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from agents.contract import Decision, Perception, SeenAgent, Utterance, WakeReason
from agents.llm.embeddings import HashingEmbedder
from agents.llm.scripted import ScriptedModel
from agents.llm.task import Task
from agents.mind import GenerativeAgent
from agents.persona import Persona
from agents.spec import AgentSpec, MindConfig, SeededMemory

TOWN = (
    "Hobbs Cafe",
    "Johnson Park",
    "Maple House",
    "Oak House",
    "Hobbs Cafe:counter",
    "Hobbs Cafe:counter:coffee machine",
    "Hobbs Cafe:dining:table",
    "Johnson Park:lawn",
    "Johnson Park:lawn:bench",
    "Maple House:bedroom",
    "Maple House:bedroom:bed",
    "Maple House:kitchen",
    "Maple House:kitchen:stove",
    "Maple House:study:desk",
    "Oak House:bedroom",
    "Oak House:bedroom:bed",
    "Oak House:kitchen:stove",
)
DAY = datetime(2023, 2, 13, 0, 0)


def persona(name: str = "Isabella Rodriguez", **over: Any) -> Persona:
    data: dict[str, Any] = dict(
        name=name,
        age=34,
        innate="friendly, outgoing",
        learned="runs Hobbs Cafe",
        currently="planning a Valentine's Day party",
        lifestyle="wakes up at 6 am",
        occupation="cafe owner",
        home="Maple House",
        workplace="Hobbs Cafe",
        relationships={"Klaus Mueller": "a regular customer"},
        daily_routine=[
            "6:00 am: wake up and cook breakfast",
            "8:00 am: work at Hobbs Cafe",
            "12:00 pm: have lunch",
            "1:00 pm: read a book in Johnson Park",
            "3:00 pm: work at Hobbs Cafe",
            "10:00 pm: go to bed",
        ],
    )
    data.update(over)
    return Persona(**data)


def spec(
    name: str = "Isabella Rodriguez",
    seed: int = 7,
    mind: MindConfig | None = None,
    memories: tuple[SeededMemory, ...] = (),
    max_conversation_turns: int = 8,
    background_thinking: bool = False,
    **over: Any,
) -> AgentSpec:
    return AgentSpec(
        persona=persona(name, **over),
        seed=seed,
        places=TOWN,
        known_places=("Hobbs Cafe", "Johnson Park", "Johnson Park:lawn:bench"),
        memories=memories,
        mind=mind or MindConfig(),
        max_conversation_turns=max_conversation_turns,
        background_thinking=background_thinking,
    )


class SteeredModel(ScriptedModel):
    """The scripted backend, with some tasks answered by hand-written rules."""

    def __init__(self, seed: int = 0, **rules: Callable[[Task], BaseModel]) -> None:
        super().__init__(seed=seed)
        self.rules = rules

    async def run(self, task: Task, *, agent: str) -> BaseModel:  # type: ignore[override]
        rule = self.rules.get(task.name)
        if rule is None:
            return await super().run(task, agent=agent)
        original = task.scripted
        object.__setattr__(task, "scripted", lambda rng: rule(task))
        try:
            return await super().run(task, agent=agent)
        finally:
            object.__setattr__(task, "scripted", original)


def agent(
    name: str = "Isabella Rodriguez", model: ScriptedModel | None = None, **spec_over: Any
) -> GenerativeAgent:
    return GenerativeAgent(
        spec(name, **spec_over), model or ScriptedModel(seed=1), HashingEmbedder(dim=64)
    )


def perceive(
    who: str,
    at: datetime,
    *,
    wake: tuple[WakeReason, ...] = (),
    place: str = "Maple House:bedroom",
    agents: tuple[SeenAgent, ...] = (),
    heard: tuple[Utterance, ...] = (),
    injected: tuple[str, ...] = (),
    action_done: bool = False,
    in_conversation_with: str | None = None,
    tick: int = 0,
) -> Perception:
    return Perception(
        agent=who,
        tick=tick,
        time=at,
        tile=(1, 1),
        place=place,
        current_action=None,
        action_done=action_done,
        agents=agents,
        heard=heard,
        injected=injected,
        wake=wake,
        in_conversation_with=in_conversation_with,
    )


async def live(mind: GenerativeAgent, start: datetime, hours: float) -> list[Decision]:
    """Drive an agent alone the way the engine would: wake it whenever its action is done."""
    now, end = start, start + timedelta(hours=hours)
    wake: tuple[WakeReason, ...] = (WakeReason.FIRST_TICK,)
    decisions = []
    while now < end:
        d = await mind.decide(perceive(mind.name, now, wake=wake, action_done=bool(decisions)))
        decisions.append(d)
        step = d.action.duration_minutes if d.action else 10
        now += timedelta(minutes=step)
        wake = (
            (WakeReason.NEW_DAY,)
            if now.date() != (now - timedelta(minutes=step)).date()
            else (WakeReason.ACTION_DONE,)
        )
    return decisions
