"""Conversations' numbers, given in lock-step order whatever order residents run their ticks in.

A conversation opens under a name of its own (`opening_id`: the tick and the
opener, unique and the same in any order of running) and gets its number
(`c1`, `c2`, …) once its tick is complete: the conversations a tick opens,
in the order its record lists them (openers in name order), after every
tick before it. Lock-step numbers a tick's as it applies them; out of order,
as each tick is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel

from sim.events import ConversationStartedEvent, Event
from sim.world_state import Conversation, WorldState

Named = TypeVar("Named", bound=BaseModel)


def opening_id(tick: int, opener: str) -> str:
    """The name a conversation `opener` opens at `tick` goes by until it is numbered."""
    return f"t{tick} {opener}"


def opening_order(conversation: Conversation) -> tuple[int, str]:
    """Where a conversation's number comes: by the tick it opened at, then by its opener."""
    return conversation.started_tick, conversation.participants[0]


def number_opened(state: WorldState, events: list[Event]) -> dict[str, str]:
    """Number the conversations `events` (one whole tick's, in order) open, after the last given.

    Renames each where the state holds it: the conversation, its participants,
    the lines they have still to hear. Returns the names given.
    """
    numbers: dict[str, str] = {}
    for event in events:
        if isinstance(event, ConversationStartedEvent):
            state.conversation_count += 1
            numbers[event.conversation] = f"c{state.conversation_count}"
    if numbers:
        _rename_in(state, numbers)
    return numbers


def _rename_in(state: WorldState, numbers: Mapping[str, str]) -> None:
    conversations = {}
    for old, conversation in state.conversations.items():
        new = numbers.get(old, old)
        conversation.id = new
        conversations[new] = conversation
    state.conversations = conversations
    for body in state.bodies.values():
        if body.conversation in numbers:
            body.conversation = numbers[body.conversation]
        body.heard = [
            line.model_copy(update={"conversation": numbers[line.conversation]})
            if line.conversation in numbers
            else line
            for line in body.heard
        ]


def renamed(records: list[Named], numbers: Mapping[str, str]) -> list[Named]:
    """`records` (events, residents' frames) with the conversations they name by an opening
    name named by their number."""
    return [
        record.model_copy(update={"conversation": numbers[name]})
        if (name := getattr(record, "conversation", None)) in numbers
        else record
        for record in records
    ]
