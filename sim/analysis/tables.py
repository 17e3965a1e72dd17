"""The run's logs as tables: actions, positions, utterances, conversations, model calls."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd

from agents.llm import CallRecord
from sim.events import (
    ActionFinishedEvent,
    ActionStartedEvent,
    ConversationEndedEvent,
    ConversationStartedEvent,
    Event,
    UtteranceEvent,
)
from sim.frames import Frame


def frame_of(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    for column in columns:
        if column not in table.columns:
            table[column] = pd.Series(dtype=object)
    if "time" in table.columns:
        table["time"] = pd.to_datetime(table["time"])
    return table


def game_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def actions_table(
    events: list[Event], last_tick: int, tick_seconds: int, start: datetime
) -> pd.DataFrame:
    """One row per action, ending when it finishes, is replaced, or the run ends."""
    rows: list[dict[str, Any]] = []
    open_by_agent: dict[str, dict[str, Any]] = {}

    def close(agent: str, tick: int, finished: bool) -> None:
        row = open_by_agent.pop(agent, None)
        if row is not None:
            row["end_tick"] = max(tick, row["start_tick"])
            row["finished"] = finished
            rows.append(row)

    for event in events:
        if isinstance(event, ActionStartedEvent):
            close(event.agent, event.tick, finished=False)
            open_by_agent[event.agent] = {
                "agent": event.agent,
                "start_tick": event.tick,
                "description": event.description,
                "address": event.address,
                "place": event.address.split(":")[0],
                "emoji": event.emoji,
                "planned_minutes": event.duration_minutes,
                "path_length": event.path_length,
            }
        elif isinstance(event, ActionFinishedEvent):
            close(event.agent, event.tick, finished=True)
    for agent in list(open_by_agent):
        close(agent, max(last_tick, 0), finished=False)
    columns = [
        "agent",
        "start",
        "end",
        "place",
        "description",
        "address",
        "emoji",
        "start_tick",
        "end_tick",
        "minutes",
        "planned_minutes",
        "path_length",
        "finished",
    ]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = pd.DataFrame(rows).sort_values(["start_tick", "agent"], kind="stable")
    table["start"] = pd.to_datetime(
        [start + timedelta(seconds=t * tick_seconds) for t in table.start_tick]
    )
    table["end"] = pd.to_datetime(
        [start + timedelta(seconds=t * tick_seconds) for t in table.end_tick]
    )
    table["minutes"] = (table.end_tick - table.start_tick) * tick_seconds / 60
    return table[columns].reset_index(drop=True)


def positions_table(frames: list[Frame]) -> pd.DataFrame:
    """Where each agent was at each sampled tick: tile, place and action."""
    rows = [
        {
            "tick": frame.tick,
            "time": frame.time,
            "agent": agent.name,
            "x": agent.tile[0],
            "y": agent.tile[1],
            "place": agent.place,
            "area": agent.place.split(":")[0],
            "action": agent.action,
            "moving": bool(agent.path),
        }
        for frame in frames
        for agent in frame.agents
    ]
    return frame_of(rows, ["tick", "time", "agent", "x", "y", "place", "area", "action", "moving"])


def utterances_table(events: list[Event]) -> pd.DataFrame:
    """One row per utterance: conversation, speaker, listener, turn, text, time."""
    rows = []
    for event in events:
        if not isinstance(event, UtteranceEvent):
            continue
        rows.append(
            {
                "tick": event.tick,
                "time": event.time,
                "conversation": event.conversation,
                "speaker": event.agent,
                "listener": event.listener,
                "turn": event.turn,
                "text": event.text,
                "ends_conversation": event.ends_conversation,
            }
        )
    return frame_of(
        rows,
        [
            "tick",
            "time",
            "conversation",
            "speaker",
            "listener",
            "turn",
            "text",
            "ends_conversation",
        ],
    )


def conversation_list_table(events: list[Event]) -> pd.DataFrame:
    """One row per conversation: who, when it began and ended, how many turns, why it ended."""
    rows: dict[str, dict[str, Any]] = {}
    for event in events:
        if not isinstance(
            event, ConversationStartedEvent | UtteranceEvent | ConversationEndedEvent
        ):
            continue
        row = rows.setdefault(
            event.conversation,
            {
                "conversation": event.conversation,
                "participants": None,
                "start": event.time,
                "end": None,
                "turns": 0,
                "reason": None,
            },
        )
        if isinstance(event, ConversationStartedEvent):
            row["participants"] = " & ".join(sorted(event.participants))
            row["start"] = event.time
        elif isinstance(event, UtteranceEvent):
            row["turns"] += 1
            if row["participants"] is None:
                row["participants"] = " & ".join(sorted([event.agent, event.listener]))
        else:
            row["end"] = event.time
            row["reason"] = event.reason
    table = frame_of(
        list(rows.values()), ["conversation", "participants", "start", "end", "turns", "reason"]
    )
    for column in ("start", "end"):
        table[column] = pd.to_datetime(table[column])
    return table


def calls_table(calls: list[CallRecord], tick_seconds: int, start: datetime) -> pd.DataFrame:
    """One row per model call, with the game hour it fell in (the prompts are left out)."""
    rows = [c.model_dump(mode="json", exclude={"messages", "output"}) for c in calls]
    table = frame_of(
        rows,
        [
            "agent",
            "task",
            "backend",
            "model",
            "tokens_in",
            "tokens_out",
            "latency_s",
            "cost_usd",
            "cache_hit",
            "retries",
            "outcome",
            "failure",
            "reason",
            "tick",
        ],
    )
    ticks = pd.to_numeric(table["tick"], errors="coerce")
    table["game_time"] = pd.to_datetime(
        [start + timedelta(seconds=t * tick_seconds) if pd.notna(t) else pd.NaT for t in ticks]
    )
    table["game_hour"] = table["game_time"].dt.floor("h")
    return table
