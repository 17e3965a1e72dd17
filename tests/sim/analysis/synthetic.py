"""A small run folder written by hand, whose measures can be worked out on paper.

Four agents, one-minute ticks, three game hours from 08:00 (ticks 0–179).

- Ada is told "the fair is on Saturday" at 08:00 (a memory injection).
- 08:10, conversation c1: Ada tells Bea about the fair.
- 09:10, conversation c2: Bea tells Cal about the fair.
- 10:10, conversation c3: Cal and Dov talk about the weather.

So the network has 1, 2, then 3 of its 6 possible edges (density 1/6, 2/6,
3/6) and 1, 2, then 3 of the 4 agents know of the fair (Dov never does).

The event "Hall", 10:00–11:00: Ada is there from 10:00 (60 min), Bea from
10:30 (30 min), Dov from 09:40 to 10:10 (10 min inside the window), Cal
stays home. Told by the event's end: Ada, Bea, Cal.

Ada's day: asleep 08:00–09:00, walking to the hall 09:00–09:10, working at
the hall 09:10–11:00: 1 h sleep, 1/6 h travel, 11/6 h work.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

START = datetime(2024, 1, 1, 8, 0)
TICKS = 180
AGENTS = ["Ada", "Bea", "Cal", "Dov"]
FACT_KEYWORDS = ("fair",)


def time_of(tick: int) -> str:
    return (START + timedelta(minutes=tick)).isoformat()


def event(tick: int, type_: str, agent: str | None = None, **fields: object) -> dict:
    return {"tick": tick, "time": time_of(tick), "type": type_, "agent": agent, **fields}


def conversation(tick: int, cid: str, a: str, b: str, first: str, reply: str) -> list[dict]:
    return [
        event(tick, "conversation_started", a, conversation=cid, participants=[a, b]),
        event(
            tick,
            "utterance",
            a,
            listener=b,
            text=first,
            conversation=cid,
            turn=0,
            ends_conversation=False,
        ),
        event(
            tick + 1,
            "utterance",
            b,
            listener=a,
            text=reply,
            conversation=cid,
            turn=1,
            ends_conversation=True,
        ),
        event(
            tick + 1,
            "conversation_ended",
            b,
            conversation=cid,
            participants=[a, b],
            turns=2,
            reason="ended by speaker",
        ),
    ]


def events() -> list[dict]:
    rows = [
        event(0, "day_started", day="2024-01-01"),
        event(0, "memory_injected", "Ada", text="The fair is on Saturday."),
        event(
            0,
            "action_started",
            "Ada",
            description="sleeping",
            address="Home A:bed",
            emoji="😴",
            duration_minutes=60,
            path_length=0,
        ),
        event(60, "action_finished", "Ada", description="sleeping", address="Home A:bed"),
        event(
            60,
            "action_started",
            "Ada",
            description="working at the hall",
            address="Hall:main",
            emoji="🔨",
            duration_minutes=180,
            path_length=10,
        ),
        *conversation(10, "c1", "Ada", "Bea", "Have you heard about the fair?", "No, tell me!"),
        *conversation(70, "c2", "Bea", "Cal", "The Fair is on Saturday.", "Great, thanks."),
        *conversation(130, "c3", "Cal", "Dov", "Nice weather today.", "Indeed it is."),
    ]
    return sorted(rows, key=lambda row: row["tick"])


def where(agent: str, tick: int) -> tuple[str, str, bool]:
    """(place, action, moving) of an agent at a tick."""
    if agent == "Ada":
        if tick < 60:
            return "Home A:bedroom", "sleeping", False
        if tick < 70:
            return "street", "working at the hall", True
        return "Hall:main", "working at the hall", False
    if agent == "Bea":
        return (
            ("Hall", "chatting with friends", False)
            if tick >= 150
            else ("Home B", "reading a book", False)
        )
    if agent == "Dov":
        return (
            ("Hall:main", "painting the stage", False)
            if 100 <= tick < 130
            else ("Home D", "eating breakfast", False)
        )
    return "Home C", "gardening", False


def frames() -> list[dict]:
    header = {
        "kind": "header",
        "run_id": "synthetic",
        "world": "nowhere",
        "map_path": "world/map.tmj",
        "backend": "scripted",
        "tick_seconds": 60,
        "start_time": START.isoformat(),
        "agents": AGENTS,
    }
    rows = [header]
    for tick in range(TICKS):
        agents = []
        for index, name in enumerate(AGENTS):
            place, action, moving = where(name, tick)
            agents.append(
                {
                    "name": name,
                    "tile": [index, 0],
                    "place": place,
                    "action": action,
                    "path": [[index, 1]] if moving else [],
                }
            )
        rows.append({"kind": "frame", "tick": tick, "time": time_of(tick), "agents": agents})
    return rows


def call(agent: str, task: str, tick: int, **fields: object) -> dict:
    return {
        "wall_time": "2026-01-01T00:00:00+00:00",
        "agent": agent,
        "task": task,
        "backend": "scripted",
        "model": "scripted",
        "prompt_key": f"{task}:{tick}",
        "tick": tick,
        **fields,
    }


def calls() -> list[dict]:
    return [
        call("Ada", "rate_importance", 5, tokens_in=100, tokens_out=5, cost_usd=0.001),
        call("Ada", "rate_importance", 65, tokens_in=120, tokens_out=5, cost_usd=0.001),
        call(
            "Bea",
            "plan_day",
            70,
            tokens_in=400,
            tokens_out=200,
            outcome="fallback",
            failure="timeout after 4 retries",
            retries=4,
        ),
    ]


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def write_run(root: Path, name: str = "synthetic") -> Path:
    """Write the run folder under `root`; return its path."""
    run = root / name
    (run / "checkpoints").mkdir(parents=True)
    config = {
        "world": "nowhere",
        "scenario": "baseline",
        "seed": 0,
        "tick_seconds": 60,
        "parent": None,
    }
    (run / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (run / "events.jsonl").write_text(jsonl(events()), encoding="utf-8")
    (run / "frames.jsonl").write_text(jsonl(frames()), encoding="utf-8")
    (run / "llm_calls.jsonl").write_text(jsonl(calls()), encoding="utf-8")
    return run
