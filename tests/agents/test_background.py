"""Background thinking in the mind: a decision returns first, its afterthought lands later."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from agents.contract import SeenAgent, WakeReason
from agents.llm.scripted import ScriptedModel
from agents.llm.task import Task
from agents.mind import GenerativeAgent
from agents.tasks.reaction import TalkDecision
from tests.agents.fakes import DAY, SteeredModel, agent, perceive

NINE = DAY + timedelta(hours=9)
ISA, KLAUS = "Isabella Rodriguez", "Klaus Mueller"
CROWD = tuple(
    SeenAgent(name=f"Guest {c}", tile=(2, 2), action="waiting", place="Hobbs Cafe", distance=2)
    for c in "ABCD"
)


class HeldModel(ScriptedModel):
    """The scripted model, holding back the answers to some tasks until released."""

    def __init__(self, *held: str) -> None:
        super().__init__(seed=1)
        self.held = set(held)
        self.released = asyncio.Event()

    async def run(self, task: Task, *, agent: str):  # type: ignore[override]
        if task.name in self.held:
            await self.released.wait()
        return await super().run(task, agent=agent)


async def _spin() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def _thinking_mind() -> tuple[GenerativeAgent, HeldModel]:
    model = HeldModel("rate_importance")
    return agent(model=model, background_thinking=True), model


def test_a_decision_returns_before_its_ratings_and_the_next_decision_waits_for_them() -> None:
    async def scene() -> None:
        mind, model = _thinking_mind()
        first = perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,), agents=CROWD)
        decision = await mind.decide(first)
        assert decision.action is not None
        await _spin()
        # Four new sights need a rating: nothing is stored while it is asked for.
        assert mind.background.in_flight and len(mind.stream) == 0
        with pytest.raises(RuntimeError, match="settle"):
            mind.snapshot()
        later = perceive(mind.name, NINE + timedelta(minutes=5), wake=(WakeReason.ACTION_DONE,))
        second = asyncio.ensure_future(mind.decide(later))
        await _spin()
        assert not second.done()
        model.released.set()
        await second
        await mind.settle()
        stored = [n.text for n in mind.stream.nodes]
        assert any(t.startswith("Guest A is waiting") for t in stored)
        assert mind.snapshot()["name"] == mind.name

    asyncio.run(scene())


def test_an_interview_waits_for_the_thinking_in_flight() -> None:
    async def scene() -> None:
        mind, model = _thinking_mind()
        await mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,), agents=CROWD))
        interview = asyncio.ensure_future(mind.interview("Who came to the cafe?"))
        await _spin()
        assert not interview.done()
        model.released.set()
        reply = await interview
        assert any("Guest" in memory for memory in reply.memories)

    asyncio.run(scene())


async def _talk(background: bool) -> dict[str, list[tuple[str, str | None, str]]]:
    """Isabella talks to Klaus until one ends it, lines routed by hand; their memories after."""
    isabella = agent(
        ISA,
        model=SteeredModel(decide_to_talk=lambda t: TalkDecision(talk=t.other == KLAUS)),
        background_thinking=background,
    )
    klaus = agent(KLAUS, relationships={ISA: "a friend"}, background_thinking=background)
    minds = {ISA: isabella, KLAUS: klaus}
    for mind in minds.values():
        await mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,)))
    at = NINE + timedelta(minutes=5)
    seen = (_seen(KLAUS),)
    d = await isabella.decide(perceive(ISA, at, wake=(WakeReason.NEW_AGENT,), agents=seen))
    assert d.utterance is not None
    line = d.utterance.model_copy(update={"conversation": "c1"})
    while d.utterance is not None:
        at += timedelta(seconds=10)
        listener = minds[line.listener]
        talking = None if line.ends_conversation else line.speaker
        d = await listener.decide(
            perceive(
                listener.name,
                at,
                wake=(WakeReason.ADDRESSED,),
                heard=(line,),
                agents=(_seen(line.speaker),),
                in_conversation_with=talking,
            )
        )
        line = d.utterance or line
    for mind in minds.values():
        await mind.settle()
    return {
        name: [(n.kind.value, n.predicate, n.text) for n in mind.stream.nodes]
        for name, mind in minds.items()
    }


def _seen(name: str) -> SeenAgent:
    return SeenAgent(name=name, tile=(2, 2), action="working", place="Hobbs Cafe", distance=1)


def test_conversation_gists_are_made_in_the_background_and_keep_their_place() -> None:
    lockstep = asyncio.run(_talk(background=False))
    background = asyncio.run(_talk(background=True))
    assert background == lockstep
    for memories in background.values():
        gists = [text for kind, predicate, text in memories if predicate == "learned"]
        assert len(gists) == 1 and gists[0]


def test_work_cut_off_by_the_end_of_its_event_loop_is_reported_when_it_should_land() -> None:
    mind = agent(model=HeldModel("rate_importance"), background_thinking=True)
    first = perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,), agents=CROWD)
    asyncio.run(mind.decide(first))  # the loop ends with the rating still asked for
    with pytest.raises(RuntimeError, match="one event loop"):
        asyncio.run(mind.settle())
