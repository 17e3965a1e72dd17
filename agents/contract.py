"""The agent contract: what an agent perceives, what it decides, how it is saved.

The engine (`sim`) hosts agents through these records and the `Agent`
protocol alone. Everything here is plain data that pickles (for Ray) and
serialises to JSON (for the run folder and checkpoints).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

Tile = tuple[int, int]


class Record(BaseModel):
    """Base for the contract's records: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Place(Record):
    """A place in the town's location tree, down to an optional object.

    `address` is "area:room:object" (room and object may be absent), the
    form agents use to name where they want to go.
    """

    area: str
    room: str | None = None
    object: str | None = None

    @property
    def address(self) -> str:
        return ":".join(p for p in (self.area, self.room, self.object) if p)

    @classmethod
    def parse(cls, address: str) -> Place:
        parts = [p.strip() for p in address.split(":")]
        parts += [None] * (3 - len(parts))
        area, room, obj = parts[:3]
        return cls(area=area or "", room=room or None, object=obj or None)


def resolve_address(address: str, known: Iterable[str]) -> str | None:
    """The known address that `address` names, forgiving case, spaces and a copied "(objects)" list.

    A partial match goes up the tree: "Cafe:kitchen:toaster" falls back to
    "Cafe:kitchen" when there is no toaster. None when nothing matches.
    """
    return resolve_in_index(address, address_index(known))


def address_index(known: Iterable[str]) -> dict[str, str]:
    """Known addresses by their lower-case form, for `resolve_in_index`."""
    return {a.lower(): a for a in known}


def resolve_in_index(address: str, index: Mapping[str, str]) -> str | None:
    """`resolve_address` over an `address_index` made once for many lookups."""
    wanted = [p.strip().lower() for p in address.split("(")[0].split(":") if p.strip()]
    while wanted:
        hit = index.get(":".join(wanted))
        if hit:
            return hit
        wanted.pop()
    return None


class SeenAgent(Record):
    """Another agent within the perceiver's vision radius."""

    name: str
    tile: Tile
    action: str
    place: str
    distance: int


class SeenObject(Record):
    """An object within the vision radius and its current state."""

    address: str
    state: str
    distance: int


class Utterance(Record):
    """One line of dialogue, spoken by `speaker` to `listener`."""

    speaker: str
    listener: str
    text: str
    conversation: str
    turn: int
    ends_conversation: bool = False


class WakeReason(StrEnum):
    """Why the engine asks an agent to think this tick."""

    FIRST_TICK = "first_tick"
    NEW_DAY = "new_day"
    ACTION_DONE = "action_done"
    ADDRESSED = "addressed"
    NEW_AGENT = "new_agent"
    OBJECT_CHANGED = "object_changed"
    INJECTED = "injected"


SALIENT_SIGHTS = frozenset({WakeReason.NEW_AGENT, WakeReason.OBJECT_CHANGED})
"""Wakes for something newly in view; the engine lets one through per salience cooldown."""

REACTION_WAKES = SALIENT_SIGHTS | {WakeReason.INJECTED}
"""Wakes that give a mind something to consider reacting to: a salient sight or an inner voice."""


class Perception(Record):
    """What one agent perceives at one tick, built by the world."""

    agent: str
    tick: int
    time: datetime
    tile: Tile
    place: str
    current_action: str | None
    action_done: bool
    agents: tuple[SeenAgent, ...] = ()
    objects: tuple[SeenObject, ...] = ()
    heard: tuple[Utterance, ...] = ()
    injected: tuple[str, ...] = ()
    wake: tuple[WakeReason, ...] = ()
    in_conversation_with: str | None = None


class Action(Record):
    """What an agent will do next, and where.

    `address` names a place on the town's location tree ("area:room:object");
    the engine walks the agent there and marks the object with
    `object_state` while the action lasts.
    """

    description: str
    address: str
    duration_minutes: int = Field(ge=1, le=24 * 60)
    emoji: str = ""
    object_state: str | None = None


class Decision(Record):
    """An agent's answer to one perception.

    An empty decision (both None) means "carry on with what I am doing".
    """

    agent: str
    action: Action | None = None
    utterance: Utterance | None = None


class AgentView(Record):
    """What the viewer's inspector shows of an agent, as the agent sees itself."""

    summary: str = ""
    plan: tuple[str, ...] = ()
    recent_memories: tuple[str, ...] = ()
    important_memories: tuple[str, ...] = ()
    conversation: tuple[str, ...] = ()
    backend: str = ""


class InterviewAnswer(Record):
    """An answer to an interview question, and the memories it drew on (most relevant first)."""

    answer: str
    memories: list[str]


@runtime_checkable
class Agent(Protocol):
    """A mind the engine can host: it decides, settles, can be saved and restored, interviewed."""

    name: str

    async def decide(self, perception: Perception) -> Decision: ...

    async def settle(self) -> None:
        """Finish the thinking a decision left running in the background, if any.

        The host settles an agent before a snapshot and at the end of a run.
        """
        ...

    def snapshot(self, since: int | None = None) -> dict[str, Any]:
        """The agent's whole state as JSON-serialisable data (its thinking settled).

        If its snapshots carry a `mark`, an agent asked `since` an earlier
        one's mark may answer with only what changed since (see
        `agents.snapshot_changes`); others ignore `since`.
        """
        ...

    def restore(self, state: dict[str, Any]) -> None:
        """Put the agent back exactly as `snapshot` found it."""
        ...

    def view(self) -> AgentView: ...

    async def interview(self, question: str) -> InterviewAnswer:
        """Answer a free question in character, leaving the agent as it was."""
        ...
