"""What each agent perceives at a tick: nearby agents, objects, what was said to it."""

from __future__ import annotations

from collections.abc import Collection

from agents.contract import SALIENT_SIGHTS, Perception, SeenObject
from sim.clock import GameClock
from sim.sight import Sight, distance
from sim.wake import wake_reasons
from sim.world_map import WorldMap
from sim.world_state import Body, WorldState

__all__ = ["commit_perceptions", "distance", "perceive"]


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
    sight = Sight(state, world_map, bodies, vision_radius)
    perceptions: dict[str, Perception] = {}
    for body in bodies:
        if agents is not None and body.name not in agents:
            continue
        seen = sight.agents(body, bandwidth)
        objects = sight.objects(body, bandwidth)
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
            place=sight.place(body.tile),
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
