"""Perception through grid buckets sees exactly what comparing everyone with everything sees.

The reference below is perception as first written: every resident compared
with every other resident and every object of the map, then sorted and cut to
the attention bandwidth. Random towns are drawn small and crowded so that
ties in distance, shared tiles and large objects are common.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.contract import Perception, SeenAgent, SeenObject
from sim.clock import GameClock
from sim.perception import Survey
from sim.sight import Buckets, action_text, distance, rect_distance
from sim.wake import wake_reasons
from sim.world_map import Area, MapObject, Rect, Room, WorldMap
from sim.world_state import ActionState, Body, Conversation, WorldState

CLOCK = GameClock(datetime(2024, 3, 5, 7, 0))


def reference_perceive(
    state: WorldState,
    world_map: WorldMap,
    *,
    tick: int,
    vision_radius: int,
    bandwidth: int,
    cooldown: int,
) -> dict[str, Perception]:
    bodies = state.ordered()
    out = {}
    for body in bodies:
        seen = sorted(
            (
                SeenAgent(
                    name=other.name,
                    tile=other.tile,
                    action=action_text(other),
                    place=world_map.place_at(other.tile),
                    distance=distance(body.tile, other.tile),
                )
                for other in bodies
                if other.name != body.name and distance(body.tile, other.tile) <= vision_radius
            ),
            key=lambda s: (s.distance, s.name),
        )[:bandwidth]
        objects = sorted(
            (
                SeenObject(
                    address=address,
                    state=state.objects.get(address, obj.state),
                    distance=rect_distance(obj.rect, body.tile),
                )
                for address, obj in world_map.objects.items()
                if rect_distance(obj.rect, body.tile) <= vision_radius
            ),
            key=lambda s: (s.distance, s.address),
        )[:bandwidth]
        changed = [
            o.address
            for o in objects
            if o.address in body.seen_objects
            and body.seen_objects[o.address] != o.state
            and not (body.action and body.action.address == o.address)
        ]
        partner = None
        if body.conversation in state.conversations:
            a, b = state.conversations[body.conversation].participants
            partner = b if a == body.name else a
        out[body.name] = Perception(
            agent=body.name,
            tick=tick,
            time=CLOCK.time(tick),
            tile=body.tile,
            place=world_map.place_at(body.tile),
            current_action=body.action.description if body.action else None,
            action_done=body.action_done,
            agents=tuple(seen),
            objects=tuple(objects),
            heard=tuple(body.heard),
            injected=tuple(body.injected),
            wake=wake_reasons(
                body,
                tick=tick,
                first_tick=tick == 0,
                new_day=CLOCK.starts_day(tick),
                newcomers=[s.name for s in seen if s.name not in body.seen_agents],
                changed_objects=changed,
                cooldown=cooldown,
            ),
            in_conversation_with=partner,
        )
    return out


def rects(width: int, height: int, most: int) -> st.SearchStrategy[Rect]:
    return st.builds(
        lambda x, y, w, h: Rect(x, y, min(w, width - x), min(h, height - y)),
        st.integers(0, width - 1),
        st.integers(0, height - 1),
        st.integers(1, most),
        st.integers(1, most),
    )


@st.composite
def towns(draw: st.DrawFn) -> tuple[WorldState, WorldMap]:
    width, height = draw(st.integers(1, 40)), draw(st.integers(1, 30))
    area = draw(rects(width, height, 20))
    room = draw(rects(width, height, 8))
    things = draw(st.lists(rects(width, height, 7), max_size=25))
    objects = {
        f"Hall:room:o{i}": MapObject(name=f"o{i}", area="Hall", room="room", rect=r)
        for i, r in enumerate(things)
    }
    world_map = WorldMap(
        path=Path("in-memory"),
        width=width,
        height=height,
        tile_size=32,
        blocked=np.zeros((height, width), dtype=bool),
        areas={"Hall": Area(name="Hall", rect=area)},
        rooms={"Hall:room": Room(name="room", area="Hall", rect=room)},
        objects=objects,
        spawns={},
    )
    tiles = st.tuples(st.integers(0, width - 1), st.integers(0, height - 1))
    names = draw(st.lists(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), unique=True, max_size=26))
    bodies = {}
    for name in names:
        body = Body(name=name, tile=draw(tiles))
        if draw(st.booleans()):
            address = draw(st.sampled_from([*objects, "Hall"]))
            body.action = ActionState(
                description=f"busy {name}", address=address, started_tick=0, end_tick=9
            )
        body.seen_agents = draw(st.lists(st.sampled_from(names), max_size=4))
        body.seen_objects = {a: draw(st.sampled_from(["idle", "on"])) for a in list(objects)[:3]}
        bodies[name] = body
    state = WorldState(bodies=bodies)
    state.objects = {a: "on" for a in objects if draw(st.booleans())}
    if len(names) >= 2 and draw(st.booleans()):
        a, b = names[:2]
        state.conversations["c1"] = Conversation(
            id="c1", participants=(a, b), started_tick=0, last_tick=0, waiting_for=b
        )
        bodies[a].conversation = bodies[b].conversation = "c1"
    return state, world_map


@settings(max_examples=300, deadline=None)
@given(towns(), st.integers(0, 12), st.integers(1, 10), st.sampled_from([0, 1, 360, 1440]))
def test_perception_through_buckets_equals_comparing_everything(
    town, radius: int, bandwidth: int, tick: int
) -> None:
    state, world_map = town
    rules = {"tick": tick, "vision_radius": radius, "bandwidth": bandwidth, "cooldown": 30}
    want = reference_perceive(state, world_map, **rules)
    for _ in range(2):  # the second look reads the map's kept object buckets
        got = Survey(state, world_map, CLOCK, first_tick=tick == 0, **rules).perceptions()
        assert list(got) == list(want)
        assert got == want


def test_buckets_give_every_item_near_a_tile_and_a_large_object_once_per_square() -> None:
    buckets: Buckets[str] = Buckets(3)
    buckets.add("here", (4, 4))
    buckets.add("far", (12, 4))
    buckets.add_rect("wall", Rect(0, 0, 9, 1))
    near = list(buckets.near((5, 5)))
    assert "here" in near and "far" not in near
    assert near.count("wall") == 3  # the wall spans three squares, all around (5, 5)
    assert list(Buckets(0).near((0, 0))) == []
