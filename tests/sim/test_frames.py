"""The frame a tick leaves for the viewer: who said what to whom."""

from __future__ import annotations

from agents.contract import Decision, Utterance
from sim.decisions import TickRules, apply_decisions
from sim.engine import build_frame
from sim.world_state import Body, WorldState
from tests.support.maps import open_map

RULES = TickRules(tick_seconds=10, vision_radius=4, max_conversation_turns=4)
T = "2026-02-13T07:00:00"


def test_a_frame_shows_the_line_an_agent_said_this_tick_and_to_whom():
    world_map = open_map()
    state = WorldState(
        bodies={name: Body(name=name, tile=(i, 1)) for i, name in enumerate(["Ada", "Bo", "Cy"])}
    )
    line = Utterance(speaker="Ada", listener="Bo", text="Hi Bo", conversation="", turn=0)
    decisions = [Decision(agent="Ada", utterance=line)]
    events = apply_decisions(state, world_map, decisions, RULES, tick=0, time=T)
    frame = build_frame(state, world_map, 0, T, events, {}, decisions)
    ada, bo, cy = frame.agents
    assert (ada.utterance, ada.listener, ada.conversation) == ("Hi Bo", "Bo", "c1")
    assert ada.awake and ada.action == "talking"
    assert (bo.utterance, bo.conversation) == (None, "c1")
    assert (cy.utterance, cy.listener, cy.conversation) == (None, None, None)


def test_a_line_nobody_heard_is_not_shown():
    world_map = open_map()
    state = WorldState(
        bodies={"Ada": Body(name="Ada", tile=(0, 0)), "Bo": Body(name="Bo", tile=(11, 7))}
    )
    line = Utterance(speaker="Ada", listener="Bo", text="Hi!", conversation="", turn=0)
    decisions = [Decision(agent="Ada", utterance=line)]
    events = apply_decisions(state, world_map, decisions, RULES, tick=0, time=T)
    assert [e.type for e in events] == ["utterance_dropped"]
    frame = build_frame(state, world_map, 0, T, events, {}, decisions)
    assert frame.agents[0].utterance is None and frame.agents[0].conversation is None
