"""A run whose reaction questions go out at once is the run they go out in turn, plus calls."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sim import Simulation


def party_hour(out: Path, way: str) -> Path:
    options = {"backend": "scripted", "executor": "inline", "seed": 5, "hours": 1.0}
    with Simulation.from_world(
        "oakhollow",
        scenario="party",
        out=out,
        run_id=way,
        mind={"reaction_questions": way},
        **options,
    ) as sim:
        sim.run(progress=False)
        return sim.run_dir


def calls(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "llm_calls.jsonl").read_text().splitlines()]


def test_at_once_gives_the_same_record_and_one_unused_call_per_conversation_it_opens(tmp_path):
    in_turn, at_once = party_hour(tmp_path, "in-turn"), party_hour(tmp_path, "at-once")
    assert (at_once / "events.jsonl").read_bytes() == (in_turn / "events.jsonl").read_bytes()
    frames = [(run / "frames.jsonl").read_text().splitlines()[1:] for run in (in_turn, at_once)]
    assert frames[0] == frames[1]  # the header names the run
    said_yes = sum(
        1 for c in calls(in_turn) if c["task"] == "decide_to_talk" and c["output"]["talk"]
    )
    extra = Counter(c["task"] for c in calls(at_once)) - Counter(c["task"] for c in calls(in_turn))
    assert said_yes > 0 and extra == Counter({"react_or_continue": said_yes})
