"""What each agent perceives at a tick: nearby agents, objects, what was said to it.

Every resident looks around at every tick, but few wake: a `Survey` keeps each
look as plain tuples (who and what is near, why it should wake, if at all)
and makes the `Perception` record, the one sent to a mind, only where asked
(`sense` asks for the woken). Every look is remembered by its body, so the
next tick can tell what is new.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from agents.contract import SALIENT_SIGHTS, Perception, WakeReason
from sim.clock import GameClock
from sim.sight import Sight, distance, seen_objects
from sim.wake import wake_reasons
from sim.world_map import WorldMap
from sim.world_state import Body, WorldState

__all__ = ["Survey", "commit_perceptions", "distance"]


@dataclass(frozen=True, slots=True)
class Glance:
    """One resident's look at a tick, with the reasons it wakes (none if it need not).

    `agents` are (distance, name, body), `objects` (distance, address, state),
    nearest first.
    """

    body: Body
    agents: list[tuple[int, str, Body]]
    objects: list[tuple[int, str, str]]
    wake: tuple[WakeReason, ...]


class Survey:
    """Every agent's (of `agents`, if given) look at `tick`, with reasons to wake it."""

    def __init__(
        self,
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
    ) -> None:
        self.state = state
        self.tick = tick
        self.when = clock.time(tick)
        new_day = clock.starts_day(tick)
        bodies = state.ordered()
        self.sight = sight = Sight(state, world_map, bodies, vision_radius)
        self.glances: dict[str, Glance] = {}
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
                newcomers=[name for _, name, _ in seen if name not in body.seen_agents],
                changed_objects=_changed_objects(body, objects),
                cooldown=cooldown,
            )
            self.glances[body.name] = Glance(body, seen, objects, reasons)

    def perceptions(self) -> dict[str, Perception]:
        """Every look as the record a mind receives, woken or not."""
        return {name: self.perception(name) for name in self.glances}

    def woken(self) -> list[str]:
        """The agents with a reason to wake, in the order they looked."""
        return [name for name, glance in self.glances.items() if glance.wake]

    def perception(self, name: str) -> Perception:
        """The record of what `name` perceives, as its mind receives it."""
        glance = self.glances[name]
        body = glance.body
        return Perception(
            agent=name,
            tick=self.tick,
            time=self.when,
            tile=body.tile,
            place=self.sight.place(body.tile),
            current_action=body.action.description if body.action else None,
            action_done=body.action_done,
            agents=self.sight.seen_agents(glance.agents),
            objects=seen_objects(glance.objects),
            heard=tuple(body.heard),
            injected=tuple(body.injected),
            wake=glance.wake,
            in_conversation_with=_partner(self.state, body),
        )

    def remember(self) -> None:
        """Each body keeps what it saw; what was delivered to a woken agent is cleared."""
        for glance in self.glances.values():
            remember(
                glance.body,
                agents=[name for _, name, _ in glance.agents],
                objects={address: state for _, address, state in glance.objects},
                wake=glance.wake,
                tick=self.tick,
            )


def _changed_objects(body: Body, objects: list[tuple[int, str, str]]) -> list[str]:
    """Objects seen before whose state has changed since, other than by `body`'s own action."""
    seen_before = body.seen_objects
    own = body.action.address if body.action else None
    return [
        address
        for _, address, state in objects
        if address in seen_before and seen_before[address] != state and address != own
    ]


def _partner(state: WorldState, body: Body) -> str | None:
    if body.conversation is None or body.conversation not in state.conversations:
        return None
    a, b = state.conversations[body.conversation].participants
    return b if a == body.name else a


def remember(
    body: Body,
    *,
    agents: list[str],
    objects: dict[str, str],
    wake: tuple[WakeReason, ...],
    tick: int,
) -> None:
    """`body` keeps what it saw at `tick`; if it woke, what was delivered to it is cleared."""
    body.seen_agents = agents
    body.seen_objects = objects
    if wake:
        body.heard = []
        body.injected = []
        body.action_done = False
        if SALIENT_SIGHTS.intersection(wake):
            body.last_salient_wake = tick


def commit_perceptions(state: WorldState, perceptions: dict[str, Perception]) -> None:
    """Remember what each agent saw, and clear what was delivered to woken agents."""
    for name, perception in perceptions.items():
        remember(
            state.body(name),
            agents=[s.name for s in perception.agents],
            objects={o.address: o.state for o in perception.objects},
            wake=perception.wake,
            tick=perception.tick,
        )
