"""The clock's share of a tick: agents step along their paths and actions run out."""

from __future__ import annotations

from collections.abc import Collection

from sim.events import ActionFinishedEvent, ArrivedEvent, Event, ObjectStateEvent
from sim.world_map import WorldMap
from sim.world_state import Body, WorldState


def advance(
    state: WorldState,
    world_map: WorldMap,
    *,
    tick: int,
    time: str,
    agents: Collection[str] | None = None,
) -> list[Event]:
    """Move every walking agent (of `agents`, if given) one tile; end actions whose time is up."""
    events: list[Event] = []
    for body in state.ordered():
        if agents is not None and body.name not in agents:
            continue
        if body.path:
            body.tile = body.path.pop(0)
            if not body.path and body.action is not None:
                events.append(
                    ArrivedEvent(tick=tick, time=time, agent=body.name, address=body.action.address)
                )
                events.extend(_occupy(state, body, tick, time))
        if (
            body.action is not None
            and not body.path
            and body.conversation is None
            and tick >= body.action.end_tick
        ):
            events.extend(finish_action(state, body, tick=tick, time=time))
    return events


def _occupy(state: WorldState, body: Body, tick: int, time: str) -> list[Event]:
    action = body.action
    if action is None or not action.object_state:
        return []
    state.objects[action.address] = action.object_state
    action.occupied = True
    return [_object_state(tick, time, body, action.address, action.object_state)]


def finish_action(state: WorldState, body: Body, *, tick: int, time: str) -> list[Event]:
    """End `body`'s action: free its object and flag the agent to think again."""
    action = body.action
    if action is None:
        return []
    events: list[Event] = [
        ActionFinishedEvent(
            tick=tick,
            time=time,
            agent=body.name,
            description=action.description,
            address=action.address,
        )
    ]
    events += release_object(state, body, tick=tick, time=time)
    body.action = None
    body.path = []
    body.action_done = True
    return events


def release_object(state: WorldState, body: Body, *, tick: int, time: str) -> list[Event]:
    """Set the object `body`'s action holds back to idle (when it still holds it).

    Only an action that occupied its object frees it: one that never got
    there leaves alone a state someone else set.
    """
    action = body.action
    if action is None or not action.object_state or not action.occupied:
        return []
    if state.objects.get(action.address) != action.object_state:
        return []
    del state.objects[action.address]
    return [_object_state(tick, time, body, action.address, "idle")]


def occupy_if_arrived(state: WorldState, body: Body, *, tick: int, time: str) -> list[Event]:
    """Mark the object of a just-started action when the agent is already there."""
    if body.path or body.action is None:
        return []
    return _occupy(state, body, tick, time)


def _object_state(tick: int, time: str, body: Body, address: str, state: str) -> ObjectStateEvent:
    return ObjectStateEvent(tick=tick, time=time, agent=body.name, address=address, state=state)
