"""What a generative agent carries from one decision to the next, as one typed record.

Together with the memory stream and the random state it is the agent's
checkpoint (`GenerativeAgent.snapshot`).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from agents.contract import Action
from agents.conversation import ConversationState
from agents.encoding import Pending
from agents.planning import DayState
from agents.tasks.action import ActionChoice

# Fields that are only ever extended, never changed or shortened: a snapshot
# since an earlier one carries just their new tail (`agents.snapshot_changes`).
APPEND_ONLY = ("known_places", "importance_cache", "action_cache")


class MindState(BaseModel):
    """Everything the agent carries between decisions, apart from its memory stream and rng."""

    model_config = ConfigDict(extra="forbid")

    seeded: bool = False
    known_places: list[str] = []
    importance_cache: dict[str, int] = {}
    action_cache: dict[str, ActionChoice] = {}
    pending: list[Pending] = []
    importance_since_reflection: int = 0
    recent_observations: dict[str, datetime] = {}
    day: DayState | None = None
    yesterday: str = ""
    summary: str = ""
    summary_date: str = ""
    current: Action | None = None
    current_ends: datetime | None = None
    conversation: ConversationState | None = None
    last_conversation: list[str] = []
    last_talk: dict[str, datetime] = {}
    last_seen: datetime | None = None  # game time of the latest perception
