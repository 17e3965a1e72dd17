"""Two agents talk through hand-routed utterances; both remember it with the right partner."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from agents.contract import SeenAgent, Utterance, WakeReason
from agents.memory import MemoryKind
from agents.tasks.reaction import TalkDecision
from tests.agents.fakes import DAY, SteeredModel, agent, perceive

NINE = DAY + timedelta(hours=9)
ISA, KLAUS = "Isabella Rodriguez", "Klaus Mueller"


def _seen(name: str) -> SeenAgent:
    return SeenAgent(name=name, tile=(2, 2), action="working", place="Hobbs Cafe", distance=1)


def _pair(turns: int = 8):
    talk = SteeredModel(decide_to_talk=lambda t: TalkDecision(talk=t.other == KLAUS))
    isabella = agent(ISA, model=talk, max_conversation_turns=turns)
    klaus = agent(
        KLAUS,
        model=SteeredModel(),
        relationships={ISA: "owner of my favourite cafe"},
        max_conversation_turns=turns,
    )
    for mind in (isabella, klaus):
        asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    return isabella, klaus


def _converse(isabella, klaus) -> list[Utterance]:
    """Play the engine: route each line to the other side until one ends the conversation."""
    at = NINE + timedelta(minutes=5)
    d = asyncio.run(
        isabella.decide(
            perceive(
                ISA, at, wake=(WakeReason.NEW_AGENT,), agents=(_seen(KLAUS),), place="Hobbs Cafe"
            )
        )
    )
    assert d.utterance is not None and d.utterance.turn == 0
    lines = [d.utterance.model_copy(update={"conversation": "c1"})]
    speakers = {ISA: isabella, KLAUS: klaus}
    while not lines[-1].ends_conversation:
        at += timedelta(seconds=10)
        listener = speakers[lines[-1].listener]
        d = asyncio.run(
            listener.decide(
                perceive(
                    listener.name,
                    at,
                    wake=(WakeReason.ADDRESSED,),
                    heard=(lines[-1],),
                    agents=(_seen(lines[-1].speaker),),
                    place="Hobbs Cafe",
                    in_conversation_with=lines[-1].speaker,
                )
            )
        )
        assert d.utterance is not None, "a turn went unanswered"
        lines.append(d.utterance)
        assert len(lines) <= 20
    # the one who heard the last line stores it and goes back to its plan, without replying
    last = speakers[lines[-1].listener]
    d = asyncio.run(
        last.decide(
            perceive(
                last.name,
                at + timedelta(seconds=10),
                wake=(WakeReason.ADDRESSED,),
                heard=(lines[-1],),
            )
        )
    )
    assert d.utterance is None and d.action is not None
    return lines


def test_conversation_is_remembered_by_both_sides_with_the_right_partner() -> None:
    isabella, klaus = _pair()
    lines = _converse(isabella, klaus)
    assert len(lines) >= 2
    assert [u.turn for u in lines] == list(range(len(lines)))
    assert {u.conversation for u in lines[1:]} == {"c1"}
    for mind, partner in ((isabella, KLAUS), (klaus, ISA)):
        chats = [n for n in mind.stream.nodes if n.kind is MemoryKind.CHAT]
        assert len(chats) == 1
        assert (chats[0].subject, chats[0].object) == (mind.name, partner)
        assert all(u.text in chats[0].text for u in lines)
        gist = [n for n in mind.stream.nodes if n.predicate == "learned"]
        assert gist and gist[0].object == partner
        assert mind.state.conversation is None


def test_conversation_ends_at_the_turn_cap() -> None:
    isabella, klaus = _pair(turns=2)
    lines = _converse(isabella, klaus)
    assert len(lines) == 2 and lines[-1].ends_conversation


def test_agent_does_not_talk_again_to_someone_it_just_talked_to() -> None:
    isabella, klaus = _pair()
    _converse(isabella, klaus)
    isabella.llm.drain_calls()
    d = asyncio.run(
        isabella.decide(
            perceive(
                ISA,
                NINE + timedelta(minutes=30),
                wake=(WakeReason.NEW_AGENT,),
                agents=(
                    SeenAgent(
                        name=KLAUS, tile=(2, 2), action="sweeping", place="Hobbs Cafe", distance=1
                    ),
                ),
            )
        )
    )
    assert d.utterance is None
