"""What each agent perceives at a tick: who and what is near, what is new, what was said to it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from agents.contract import Utterance, WakeReason
from sim.clock import GameClock
from sim.perception import Survey, commit_perceptions
from sim.world_map import MapObject, Rect, WorldMap
from sim.world_state import ActionState, Body, Conversation, WorldState
from tests.support.maps import open_map

CLOCK = GameClock(datetime(2024, 3, 5, 7, 0))
BENCH = "Park:lawn:bench"  # at (9, 2) on the open map; the lawn is x 6..11


def town(**tiles: tuple[int, int]) -> WorldState:
    return WorldState(bodies={name: Body(name=name, tile=tile) for name, tile in tiles.items()})


def look(
    state: WorldState,
    *,
    tick: int = 5,
    radius: int = 4,
    bandwidth: int = 8,
    cooldown: int = 0,
    world_map: WorldMap | None = None,
):
    return Survey(
        state,
        world_map or open_map(),
        CLOCK,
        tick=tick,
        first_tick=tick == 0,
        vision_radius=radius,
        bandwidth=bandwidth,
        cooldown=cooldown,
    ).perceptions()


def doing(description: str, address: str = "Park", object_state: str | None = None):
    return ActionState(
        description=description,
        address=address,
        object_state=object_state,
        started_tick=0,
        end_tick=1000,
    )


def test_an_agent_sees_the_others_within_its_vision_radius_nearest_first():
    # Diagonal steps count as one: Cy at (4, 4) is 4 tiles from Ada, Di at (5, 0) is 5.
    state = town(Ada=(0, 0), Bo=(2, 1), Cy=(4, 4), Di=(5, 0))
    ada = look(state, radius=4)["Ada"]
    assert [(s.name, s.distance) for s in ada.agents] == [("Bo", 2), ("Cy", 4)]
    assert all(s.name != "Ada" for s in ada.agents)
    assert ada.agents[0].tile == (2, 1) and ada.agents[0].place == "outdoors"
    # Seeing is mutual within the radius, and a radius of 0 sees nobody.
    assert "Ada" in [s.name for s in look(state)["Cy"].agents]
    assert look(state, radius=0)["Ada"].agents == ()


def test_attention_bandwidth_keeps_only_the_nearest_agents_and_objects():
    state = town(Ada=(7, 2), Zed=(6, 2), Bo=(8, 3), Cy=(10, 5))
    ada = look(state, bandwidth=2)["Ada"]
    # Zed and Bo are both one tile away: the tie goes by name. Cy, farther, is left out.
    assert [s.name for s in ada.agents] == ["Bo", "Zed"]
    assert [s.name for s in look(state, bandwidth=3)["Ada"].agents] == ["Bo", "Zed", "Cy"]
    park = open_map()
    lamp = MapObject(name="lamp", area="Park", room="lawn", rect=Rect(11, 2, 1, 1))
    park = replace(park, objects={**park.objects, "Park:lawn:lamp": lamp})
    assert [o.address for o in look(state, bandwidth=1, world_map=park)["Ada"].objects] == [BENCH]
    assert [o.address for o in look(state, bandwidth=2, world_map=park)["Ada"].objects] == [
        BENCH,
        "Park:lawn:lamp",
    ]


def test_another_agent_is_seen_doing_its_action_or_talking_or_idle():
    state = town(Ada=(0, 0), Bo=(1, 0), Cy=(2, 0), Di=(3, 0))
    state.body("Bo").action = doing("reading a book")
    state.body("Cy").conversation = "c1"
    state.body("Cy").action = doing("sketching")
    seen = {s.name: s.action for s in look(state)["Ada"].agents}
    assert seen == {"Bo": "reading a book", "Cy": "talking", "Di": "idle"}


def test_objects_in_sight_are_seen_with_their_current_state():
    state = town(Ada=(7, 2), Bo=(0, 7))
    assert [(o.address, o.state, o.distance) for o in look(state)["Ada"].objects] == [
        (BENCH, "idle", 2)
    ]
    state.objects[BENCH] = "occupied"
    assert look(state)["Ada"].objects[0].state == "occupied"
    assert look(state)["Bo"].objects == ()  # nine tiles away


def test_an_agent_knows_where_it_is_what_it_does_and_when():
    state = town(Ada=(7, 5), Bo=(1, 1))
    state.body("Ada").action = doing("walking on the lawn")
    ada, bo = look(state, tick=360).values()
    assert ada.place == "Park:lawn" and bo.place == "outdoors"
    assert ada.current_action == "walking on the lawn" and bo.current_action is None
    assert ada.time == datetime(2024, 3, 5, 8, 0) and ada.tick == 360 and ada.tile == (7, 5)


def test_a_newcomer_wakes_an_agent_once_and_again_only_after_leaving_sight():
    state = town(Ada=(0, 0), Bo=(9, 7))
    first = look(state, tick=1)
    assert first["Ada"].wake == ()  # nobody in sight
    commit_perceptions(state, first)
    state.body("Bo").tile = (2, 2)
    arrived = look(state, tick=2)
    assert arrived["Ada"].wake == (WakeReason.NEW_AGENT,)
    assert arrived["Bo"].wake == (WakeReason.NEW_AGENT,)
    commit_perceptions(state, arrived)
    assert look(state, tick=3)["Ada"].wake == ()  # still there: nothing new
    state.body("Bo").tile = (9, 7)
    commit_perceptions(state, look(state, tick=4))
    state.body("Bo").tile = (2, 2)
    assert look(state, tick=5)["Ada"].wake == (WakeReason.NEW_AGENT,)


def test_salient_sights_wake_an_agent_at_most_once_per_cooldown():
    state = town(Ada=(0, 0), Bo=(9, 7), Cy=(9, 6))
    commit_perceptions(state, look(state, tick=1, cooldown=30))
    state.body("Bo").tile = (1, 1)
    woke = look(state, tick=2, cooldown=30)
    assert woke["Ada"].wake == (WakeReason.NEW_AGENT,)
    commit_perceptions(state, woke)
    state.body("Cy").tile = (2, 1)
    assert look(state, tick=10, cooldown=30)["Ada"].wake == ()
    assert look(state, tick=32, cooldown=30)["Ada"].wake == (WakeReason.NEW_AGENT,)


def test_an_object_that_changed_state_wakes_those_who_saw_it_but_not_the_one_using_it():
    state = town(Ada=(7, 2), Bo=(10, 3))
    commit_perceptions(state, look(state, tick=1))
    state.objects[BENCH] = "occupied"
    state.body("Bo").action = doing("sitting", BENCH, "occupied")
    changed = look(state, tick=2)
    assert changed["Ada"].wake == (WakeReason.OBJECT_CHANGED,)
    assert changed["Bo"].wake == ()
    commit_perceptions(state, changed)
    assert look(state, tick=3)["Ada"].wake == ()  # the change was seen


def test_words_spoken_to_an_agent_wake_it_and_are_delivered_once():
    state = town(Ada=(0, 0), Bo=(1, 0))
    commit_perceptions(state, look(state, tick=1))
    line = Utterance(speaker="Bo", listener="Ada", text="Morning!", conversation="c1", turn=0)
    state.conversations["c1"] = Conversation(
        id="c1", participants=("Bo", "Ada"), started_tick=1, last_tick=1, waiting_for="Ada"
    )
    for name in ("Ada", "Bo"):
        state.body(name).conversation = "c1"
    state.body("Ada").heard.append(line)
    told = look(state, tick=2)
    assert told["Ada"].heard == (line,) and told["Ada"].wake == (WakeReason.ADDRESSED,)
    assert told["Ada"].in_conversation_with == "Bo" and told["Bo"].in_conversation_with == "Ada"
    assert told["Bo"].heard == () and told["Bo"].wake == ()
    commit_perceptions(state, told)
    assert state.body("Ada").heard == []
    assert look(state, tick=3)["Ada"].heard == ()


def test_an_injected_memory_wakes_its_agent_and_is_delivered_once():
    state = town(Ada=(0, 0))
    state.body("Ada").injected.append("The fair is on Saturday")
    told = look(state, tick=7)
    assert told["Ada"].injected == ("The fair is on Saturday",)
    assert told["Ada"].wake == (WakeReason.INJECTED,)
    commit_perceptions(state, told)
    assert look(state, tick=8)["Ada"].injected == ()


def test_the_first_tick_and_the_first_tick_of_a_day_wake_everyone():
    state = town(Ada=(0, 0), Bo=(11, 7))
    assert {p.wake for p in look(state, tick=0).values()} == {(WakeReason.FIRST_TICK,)}
    midnight = CLOCK.tick_at(datetime(2024, 3, 6, 0, 0))
    assert {p.wake for p in look(state, tick=midnight).values()} == {(WakeReason.NEW_DAY,)}
    assert {p.wake for p in look(state, tick=midnight + 1).values()} == {()}
