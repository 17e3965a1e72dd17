"""Conversations are numbered in lock-step order whatever order their ticks are applied in."""

from agents.contract import Decision, Utterance
from sim.conversation_numbers import number_opened, renamed
from sim.decisions import TickRules, apply_decision, apply_decisions
from sim.world_state import Body, WorldState
from tests.support.maps import open_map

RULES = TickRules(tick_seconds=10, vision_radius=4, max_conversation_turns=4)
T = "2026-02-13T07:00:00"
# Two pairs far apart; at tick 4 Cy opens a talk with Dee, then Ada one with Bo (name
# order puts Ada's first), and at tick 5 Bo answers while Eve opens one with Fay.
TILES = {"Ada": (1, 1), "Bo": (2, 1), "Cy": (1, 8), "Dee": (2, 8), "Eve": (12, 1), "Fay": (13, 1)}
TICKS = {4: [("Cy", "Dee"), ("Ada", "Bo")], 5: [("Eve", "Fay"), ("Bo", "Ada")]}


def town() -> WorldState:
    return WorldState(bodies={name: Body(name=name, tile=tile) for name, tile in TILES.items()})


def line(speaker: str, listener: str) -> Decision:
    said = Utterance(speaker=speaker, listener=listener, text="Hi", conversation="", turn=0)
    return Decision(agent=speaker, utterance=said)


def lockstep() -> tuple[WorldState, dict[int, list]]:
    state, events = town(), {}
    for tick, lines in TICKS.items():
        decisions = [line(a, b) for a, b in lines]
        events[tick] = apply_decisions(state, open_map(), decisions, RULES, tick=tick, time=T)
    return state, events


def test_conversations_applied_out_of_order_get_the_lockstep_numbers_when_their_ticks_are_written():
    expected_state, expected_events = lockstep()
    assert [e.conversation for e in expected_events[4] if e.type == "conversation_started"] == [
        "c1",
        "c2",
    ]
    state, applied = town(), {4: [], 5: []}
    # Tick 5's lines land first, each as its own group; tick 4's after them, Cy before Ada.
    for tick, speaker, listener in [(5, "Eve", "Fay"), (4, "Cy", "Dee"), (4, "Ada", "Bo")]:
        decision = line(speaker, listener)
        applied[tick] += apply_decision(state, open_map(), decision, RULES, tick=tick, time=T)
    # Bo's answer at tick 5 is applied once Ada's line has landed.
    applied[5] += apply_decision(state, open_map(), line("Bo", "Ada"), RULES, tick=5, time=T)
    assert state.conversation_count == 0  # nothing numbered before its tick is written
    numbers: dict[str, str] = {}
    for tick in (4, 5):
        in_order = sorted(applied[tick], key=lambda e: e.agent)  # the record's order
        numbers |= number_opened(state, in_order)
        assert renamed(in_order, numbers) == expected_events[tick]
    assert state == expected_state
    named = {name: body.conversation for name, body in state.bodies.items()}
    assert named == {"Ada": "c1", "Bo": "c1", "Cy": "c2", "Dee": "c2", "Eve": "c3", "Fay": "c3"}
    assert sorted(state.conversations) == ["c1", "c2", "c3"]
    for name, body in state.bodies.items():  # the lines still to hear name the numbers
        assert [heard.conversation for heard in body.heard] == [named[name]] * len(body.heard)
