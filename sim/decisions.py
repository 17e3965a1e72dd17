"""The agents' share of a tick: their decisions applied to the town.

Actions get a resolved address, a path and an end time; utterances are
routed to their listener, opening, continuing or closing a conversation.
Decisions are applied in agent-name order so that a run is reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from agents.contract import Action, Decision, Utterance
from sim.conversation_numbers import number_opened, opening_id, opening_order, renamed
from sim.events import (
    ActionStartedEvent,
    ConversationEndedEvent,
    ConversationStartedEvent,
    Event,
    UtteranceDroppedEvent,
    UtteranceEvent,
)
from sim.movement import finish_action, occupy_if_arrived, release_object
from sim.pathfinding import find_path
from sim.perception import distance
from sim.world_map import WorldMap
from sim.world_state import ActionState, Body, Conversation, WorldState


@dataclass(frozen=True)
class TickRules:
    """The few rules of the world that decisions are applied under."""

    tick_seconds: int
    vision_radius: int
    max_conversation_turns: int


def apply_decisions(
    state: WorldState,
    world_map: WorldMap,
    decisions: list[Decision],
    rules: TickRules,
    *,
    tick: int,
    time: str,
) -> list[Event]:
    """Apply every decision of a tick; return the events that follow.

    The conversations they open are numbered (`sim.conversation_numbers`).
    """
    events: list[Event] = []
    spoke: set[str] = set()
    for decision in sorted(decisions, key=lambda d: d.agent):
        events += apply_decision(state, world_map, decision, rules, tick=tick, time=time)
        if decision.utterance is not None:
            spoke.add(decision.agent)
    decided = {d.agent for d in decisions}
    for _, closed in close_unanswered(state, decided, spoke, tick=tick, time=time):
        events += closed
    return renamed(events, number_opened(state, events))


def apply_decision(
    state: WorldState,
    world_map: WorldMap,
    decision: Decision,
    rules: TickRules,
    *,
    tick: int,
    time: str,
) -> list[Event]:
    """Apply one agent's decision (in agent-name order within a tick): a line, an action."""
    events: list[Event] = []
    body = state.body(decision.agent)
    if decision.utterance is not None:
        events += _speak(state, body, decision.utterance, rules, tick=tick, time=time)
    if decision.action is not None and body.conversation is None:
        events += start_action(state, world_map, body, decision.action, rules, tick=tick, time=time)
    return events


def close_unanswered(
    state: WorldState, decided: set[str], spoke: set[str], *, tick: int, time: str
) -> list[tuple[tuple[int, str], list[Event]]]:
    """Close the conversations whose turn-holder thought this tick and said nothing.

    In the order they were opened; each comes with its place in that order.
    """
    closed: list[tuple[tuple[int, str], list[Event]]] = []
    for conversation in sorted(state.conversations.values(), key=opening_order):
        waiting = conversation.waiting_for
        delivered = conversation.last_tick < tick
        if delivered and waiting in decided and waiting not in spoke:
            events = _close(state, conversation, "no reply", tick=tick, time=time)
            closed.append((opening_order(conversation), events))
    return closed


def start_action(
    state: WorldState,
    world_map: WorldMap,
    body: Body,
    action: Action,
    rules: TickRules,
    *,
    tick: int,
    time: str,
) -> list[Event]:
    """Set an agent on a new action: resolve where, find the path, set the end time."""
    events = release_object(state, body, tick=tick, time=time)  # an interrupted action's
    address = world_map.resolve(action.address)
    unknown_address = None
    if address is None:
        unknown_address = action.address
        address = world_map.place_at(body.tile)
    goals = set(world_map.target_tiles(address))
    path: list[tuple[int, int]] = []
    unreachable = False
    if goals and body.tile not in goals:
        found = find_path(world_map, body.tile, goals)
        if found is None:
            unreachable = True
        else:
            path = list(found)
    ticks = max(1, math.ceil(action.duration_minutes * 60 / rules.tick_seconds))
    obj_state = action.object_state if address in world_map.objects else None
    body.action = ActionState(
        description=action.description,
        address=address,
        emoji=action.emoji,
        object_state=obj_state,
        started_tick=tick,
        end_tick=tick + ticks,
    )
    body.path = path
    body.action_done = False
    events.append(
        ActionStartedEvent(
            tick=tick,
            time=time,
            agent=body.name,
            description=action.description,
            address=address,
            emoji=action.emoji,
            duration_minutes=action.duration_minutes,
            path_length=len(path),
            unknown_address=unknown_address,
            unreachable=unreachable,
        )
    )
    return events + occupy_if_arrived(state, body, tick=tick, time=time)


def _speak(
    state: WorldState, body: Body, utterance: Utterance, rules: TickRules, *, tick: int, time: str
) -> list[Event]:
    listener = state.bodies.get(utterance.listener)
    if listener is None or listener.name == body.name:
        return [_dropped(body, utterance, "no such listener", tick, time)]
    events: list[Event] = []
    if body.conversation is None:
        # Earshot first: whether someone out of earshot is talking is nothing the
        # speaker can know, and nothing the engine reads of a resident far away.
        if distance(body.tile, listener.tile) > rules.vision_radius:
            return [_dropped(body, utterance, "listener is out of earshot", tick, time)]
        if listener.conversation is not None:
            return [_dropped(body, utterance, "listener is in another conversation", tick, time)]
        events += _open(state, body, listener, tick=tick, time=time)
    conversation = state.conversations[body.conversation or ""]
    if listener.name not in conversation.participants:
        return [_dropped(body, utterance, "listener is not in this conversation", tick, time)]
    ends = utterance.ends_conversation or conversation.turns + 1 >= rules.max_conversation_turns
    routed = Utterance(
        speaker=body.name,
        listener=listener.name,
        text=utterance.text,
        conversation=conversation.id,
        turn=conversation.turns,
        ends_conversation=ends,
    )
    conversation.turns += 1
    conversation.waiting_for = listener.name
    conversation.last_tick = tick
    listener.heard.append(routed)
    events.append(
        UtteranceEvent(
            tick=tick,
            time=time,
            agent=body.name,
            listener=listener.name,
            text=routed.text,
            conversation=conversation.id,
            turn=routed.turn,
            ends_conversation=ends,
        )
    )
    if ends:
        reason = "ended by speaker" if utterance.ends_conversation else "turn limit"
        events += _close(state, conversation, reason, tick=tick, time=time)
    return events


def _open(state: WorldState, a: Body, b: Body, *, tick: int, time: str) -> list[Event]:
    conversation_id = opening_id(tick, a.name)
    state.conversations[conversation_id] = Conversation(
        id=conversation_id,
        participants=(a.name, b.name),
        started_tick=tick,
        last_tick=tick,
        waiting_for=b.name,
    )
    for body in (a, b):
        body.conversation = conversation_id
        body.path = []
    return [
        ConversationStartedEvent(
            tick=tick,
            time=time,
            agent=a.name,
            conversation=conversation_id,
            participants=[a.name, b.name],
        )
    ]


def _close(
    state: WorldState, conversation: Conversation, reason: str, *, tick: int, time: str
) -> list[Event]:
    del state.conversations[conversation.id]
    events = [
        ConversationEndedEvent(
            tick=tick,
            time=time,
            agent=conversation.participants[0],
            conversation=conversation.id,
            participants=list(conversation.participants),
            turns=conversation.turns,
            reason=reason,
        )
    ]
    for name in conversation.participants:
        body = state.body(name)
        body.conversation = None
        if body.action is not None:
            events += finish_action(state, body, tick=tick, time=time)
        else:
            body.action_done = True
    return events


def _dropped(
    body: Body, utterance: Utterance, reason: str, tick: int, time: str
) -> UtteranceDroppedEvent:
    return UtteranceDroppedEvent(
        tick=tick,
        time=time,
        agent=body.name,
        listener=utterance.listener,
        text=utterance.text,
        reason=reason,
    )
