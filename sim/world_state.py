"""The town's changing state: where each agent is, what it does, objects, conversations.

Plain pydantic records, so that a checkpoint is `WorldState.model_dump_json()`
and a resume is `WorldState.model_validate_json(...)`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from agents.contract import Utterance

Tile = tuple[int, int]


class ActionState(BaseModel):
    """An action in progress: set by a decision, ended by the clock."""

    description: str
    address: str
    emoji: str = ""
    object_state: str | None = None
    occupied: bool = False  # the object shows object_state because this action set it
    started_tick: int
    end_tick: int


class Body(BaseModel):
    """One agent's presence in the town."""

    name: str
    tile: Tile
    path: list[Tile] = []
    action: ActionState | None = None
    action_done: bool = False
    conversation: str | None = None
    heard: list[Utterance] = []
    injected: list[str] = []
    seen_agents: list[str] = []
    seen_objects: dict[str, str] = {}
    last_salient_wake: int | None = None


class Conversation(BaseModel):
    """Two agents talking; turns alternate through the engine."""

    id: str
    participants: tuple[str, str]
    turns: int = 0
    started_tick: int
    last_tick: int
    waiting_for: str


class WorldState(BaseModel):
    """Everything about the town that changes from tick to tick."""

    tick: int = 0
    bodies: dict[str, Body]
    objects: dict[str, str] = Field(default_factory=dict)  # address -> state, non-idle only
    conversations: dict[str, Conversation] = Field(default_factory=dict)
    conversation_count: int = 0

    def body(self, name: str) -> Body:
        return self.bodies[name]

    def ordered(self) -> list[Body]:
        """Bodies in name order: the order every rule visits them, for reproducibility."""
        return [self.bodies[name] for name in sorted(self.bodies)]
