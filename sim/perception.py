"""What each agent perceives at a tick: nearby agents, objects, what was said to it."""

from __future__ import annotations

from collections.abc import Collection

from agents.contract import SALIENT_SIGHTS, Perception, SeenAgent, SeenObject
from sim.clock import GameClock
from sim.wake import wake_reasons
from sim.world_map import WorldMap
from sim.world_state import Body, WorldState

Tile = tuple[int, int]


def distance(a: Tile, b: Tile) -> int:
    """Tiles between two places, counting diagonal steps as one (a square field of view)."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def _object_distance(world_map: WorldMap, address: str, tile: Tile) -> int:
    rect = world_map.objects[address].rect
    dx = max(rect.x - tile[0], 0, tile[0] - (rect.x + rect.w - 1))
    dy = max(rect.y - tile[1], 0, tile[1] - (rect.y + rect.h - 1))
    return max(dx, dy)


def _action_text(body: Body) -> str:
    if body.conversation:
        return "talking"
    if body.action is None:
        return "idle"
    return body.action.description


def perceive(
    state: WorldState,
    world_map: WorldMap,
    clock: GameClock,
    *,
    tick: int,
    first_tick: bool,
    vision_radius: int,
    bandwidth: int,
    cooldown: int,
    agents: Collection[str] | None = None,
) -> dict[str, Perception]:
    """Every agent's (of `agents`, if given) perception at `tick`, with reasons to wake it."""
    when = clock.time(tick)
    new_day = clock.starts_day(tick)
    bodies = state.ordered()
    perceptions: dict[str, Perception] = {}
    for body in bodies:
        if agents is not None and body.name not in agents:
            continue
        seen = _seen_agents(body, bodies, world_map, vision_radius)[:bandwidth]
        objects = _seen_objects(body, state, world_map, vision_radius)[:bandwidth]
        reasons = wake_reasons(
            body,
            tick=tick,
            first_tick=first_tick,
            new_day=new_day,
            newcomers=[s.name for s in seen if s.name not in body.seen_agents],
            changed_objects=_changed_objects(body, objects),
            cooldown=cooldown,
        )
        perceptions[body.name] = Perception(
            agent=body.name,
            tick=tick,
            time=when,
            tile=body.tile,
            place=world_map.place_at(body.tile),
            current_action=body.action.description if body.action else None,
            action_done=body.action_done,
            agents=tuple(seen),
            objects=tuple(objects),
            heard=tuple(body.heard),
            injected=tuple(body.injected),
            wake=reasons,
            in_conversation_with=_partner(state, body),
        )
    return perceptions


def _seen_agents(
    body: Body, bodies: list[Body], world_map: WorldMap, vision_radius: int
) -> list[SeenAgent]:
    """The other agents within `body`'s vision radius, nearest first (ties by name)."""
    seen = (
        SeenAgent(
            name=other.name,
            tile=other.tile,
            action=_action_text(other),
            place=world_map.place_at(other.tile),
            distance=distance(body.tile, other.tile),
        )
        for other in bodies
        if other.name != body.name and distance(body.tile, other.tile) <= vision_radius
    )
    return sorted(seen, key=lambda s: (s.distance, s.name))


def _seen_objects(
    body: Body, state: WorldState, world_map: WorldMap, vision_radius: int
) -> list[SeenObject]:
    """The objects within `body`'s vision radius and their states, nearest first."""
    seen = (
        SeenObject(
            address=address,
            state=state.objects.get(address, obj.state),
            distance=_object_distance(world_map, address, body.tile),
        )
        for address, obj in world_map.objects.items()
        if _object_distance(world_map, address, body.tile) <= vision_radius
    )
    return sorted(seen, key=lambda s: (s.distance, s.address))


def _changed_objects(body: Body, objects: list[SeenObject]) -> list[str]:
    """Objects seen before whose state has changed since, other than by `body`'s own action."""
    return [
        o.address
        for o in objects
        if o.address in body.seen_objects
        and body.seen_objects[o.address] != o.state
        and not (body.action and body.action.address == o.address)
    ]


def _partner(state: WorldState, body: Body) -> str | None:
    if body.conversation is None or body.conversation not in state.conversations:
        return None
    a, b = state.conversations[body.conversation].participants
    return b if a == body.name else a


def commit_perceptions(state: WorldState, perceptions: dict[str, Perception]) -> None:
    """Remember what each agent saw, and clear what was delivered to woken agents."""
    for name, perception in perceptions.items():
        body = state.body(name)
        body.seen_agents = [s.name for s in perception.agents]
        body.seen_objects = {o.address: o.state for o in perception.objects}
        if perception.wake:
            body.heard = []
            body.injected = []
            body.action_done = False
            if SALIENT_SIGHTS.intersection(perception.wake):
                body.last_salient_wake = perception.tick
