"""Spatial memory: what the agent knows of the town grows with where it goes and what it hears."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from agents.contract import Agent, SeenObject, Utterance, WakeReason, resolve_address
from agents.spatial import initial_places, outline
from tests.agents.fakes import DAY, agent, perceive, spec

NINE = DAY + timedelta(hours=9)
ROOT = Path(__file__).resolve().parents[2]


def test_agent_starts_knowing_home_workplace_and_public_places_only() -> None:
    known = initial_places(spec())
    assert "Maple House:kitchen:stove" in known and "Hobbs Cafe:counter:coffee machine" in known
    assert "Johnson Park" in known
    assert not any(a.startswith("Oak House") for a in known)


def test_places_passed_through_and_objects_seen_become_known() -> None:
    mind = agent()
    assert isinstance(mind, Agent)
    p = perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,), place="Oak House:bedroom")
    p = p.model_copy(
        update={
            "objects": (SeenObject(address="Oak House:kitchen:stove", state="idle", distance=3),)
        }
    )
    asyncio.run(mind.decide(p))
    assert {"Oak House:bedroom", "Oak House:kitchen:stove"} <= set(mind.state.known_places)


def test_an_area_named_in_conversation_becomes_known() -> None:
    mind = agent()
    asyncio.run(mind.decide(perceive(mind.name, NINE, wake=(WakeReason.FIRST_TICK,))))
    line = Utterance(
        speaker="Klaus Mueller",
        listener=mind.name,
        conversation="c1",
        turn=1,
        text="Come by Oak House tonight, we are cooking.",
        ends_conversation=True,
    )
    asyncio.run(
        mind.decide(
            perceive(
                mind.name, NINE + timedelta(minutes=1), heard=(line,), wake=(WakeReason.ADDRESSED,)
            )
        )
    )
    assert "Oak House:kitchen:stove" in mind.state.known_places


_DAY_SCRIPT = """
import asyncio, json
from datetime import timedelta
from tests.agents.fakes import DAY, agent, live
ds = asyncio.run(live(agent(), DAY + timedelta(hours=6), 12))
print(json.dumps([d.model_dump(mode="json") for d in ds]))
"""


def test_same_seed_same_day_in_separate_processes() -> None:
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _DAY_SCRIPT],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10


def test_outline_lists_each_room_once_with_its_objects_and_bare_areas_alone() -> None:
    lines = outline(
        [
            "Maple House",
            "Maple House:kitchen",
            "Maple House:kitchen:stove",
            "Maple House:kitchen:sink",
            "Maple House:bedroom:bed",
            "Johnson Park",
        ]
    )
    assert lines == [
        "Maple House:kitchen (stove, sink)",
        "Maple House:bedroom (bed)",
        "Johnson Park",
    ]


def test_an_address_copied_with_its_object_list_resolves_to_the_room() -> None:
    known = ["Maple House:kitchen", "Maple House:kitchen:stove"]
    assert resolve_address("Maple House:kitchen (stove, sink)", known) == "Maple House:kitchen"
    assert resolve_address("maple house : Kitchen : STOVE", known) == "Maple House:kitchen:stove"
