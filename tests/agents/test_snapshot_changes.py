"""Snapshots as changes: a full snapshot and the changes after it join to the agent as it is."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.contract import SeenAgent, WakeReason
from agents.memory import MemoryKind, MemoryStream
from agents.snapshot_changes import is_change, mark_of, whole
from tests.agents.fakes import DAY, agent, live, perceive

T0 = datetime(2024, 3, 5, 7, 0)


def stored(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot as a checkpoint file gives it back, without the mark that names it."""
    copy = json.loads(json.dumps(snapshot))
    copy.pop("mark")
    return copy


def passer_by(minute: int) -> SeenAgent:
    return SeenAgent(
        name=f"Guest {minute % 7}",
        tile=(2, 2),
        action=f"walking past, errand {minute % 11}",
        place="Maple House:kitchen",
        distance=1,
    )


async def busy_hours(mind, start: datetime, hours: int) -> None:
    """An agent's day with company: plans, observations, reactions that recall old memories."""
    await live(mind, start, hours / 2)
    for minute in range(0, hours * 30, 10):
        at = start + timedelta(hours=hours / 2, minutes=minute)
        wake = (WakeReason.NEW_AGENT, WakeReason.ACTION_DONE)
        p = perceive(mind.name, at, agents=(passer_by(minute),), wake=wake, action_done=True)
        await mind.decide(p)
    await mind.settle()


def test_a_chain_of_changes_joins_to_the_full_snapshot_at_every_checkpoint() -> None:
    mind = agent()
    chain = [json.loads(json.dumps(mind.snapshot()))]
    moved = grown = 0
    for hour in range(0, 36, 4):
        asyncio.run(busy_hours(mind, DAY + timedelta(hours=hour), 4))
        change = mind.snapshot(since=mark_of(chain[-1]))
        assert is_change(change)
        moved += len(change["stream"]["accessed"])
        grown += len(change["state"]["importance_cache"])
        chain.append(json.loads(json.dumps(change)))
        assert stored(whole(chain)) == stored(mind.snapshot())
    # What the chain had to carry: old memories recalled again, caches grown, many memories.
    assert moved > 0 and grown > 0 and len(mind.stream) > 50
    # A change carries the new memories only: far less than the whole stream.
    assert len(json.dumps(chain[-1])) * 3 < len(json.dumps(whole(chain)))


def test_the_joined_snapshot_restores_an_agent_that_decides_as_the_original() -> None:
    mind = agent()
    chain = [mind.snapshot()]
    for hour in (0, 5, 10):
        asyncio.run(busy_hours(mind, DAY + timedelta(hours=hour), 5))
        chain.append(mind.snapshot(since=mark_of(chain[-1])))
    copy = agent()
    copy.restore(json.loads(json.dumps(whole(chain))))
    later = DAY + timedelta(hours=15, minutes=3)
    p = perceive(mind.name, later, agents=(passer_by(3),), wake=(WakeReason.NEW_AGENT,))
    assert asyncio.run(copy.decide(p)) == asyncio.run(mind.decide(p))
    asyncio.run(copy.settle())
    asyncio.run(mind.settle())
    # The restored agent's next change joins to the same chain as the original's.
    follow = copy.snapshot(since=mark_of(chain[-1]))
    assert stored(whole([*chain, follow])) == stored(mind.snapshot())


def test_a_change_since_an_unknown_mark_is_the_whole_state_and_a_change_cannot_restore() -> None:
    mind = agent()
    asyncio.run(live(mind, DAY, 3))
    first = mind.snapshot()
    assert not is_change(mind.snapshot(since=mark_of(first) + 100))
    copy = agent()
    copy.restore(first)
    # Restored, the agent knows only the snapshot it was restored from.
    assert is_change(copy.snapshot(since=mark_of(first)))
    assert not is_change(copy.snapshot(since=mark_of(first) - 1))
    change = mind.snapshot(since=mark_of(first))
    with pytest.raises(ValueError, match="join it to that snapshot first"):
        agent().restore(change)


def test_snapshots_taken_between_checkpoints_leave_the_change_since_the_last_one() -> None:
    mind = agent()
    checkpoint = mind.snapshot()
    asyncio.run(live(mind, DAY, 3))
    for _ in range(10):  # whole snapshots for other uses, say a copy kept by the host
        mind.snapshot()
    change = mind.snapshot(since=mark_of(checkpoint))
    assert is_change(change)
    assert stored(whole([checkpoint, change])) == stored(mind.snapshot())


def test_changes_that_do_not_follow_each_other_do_not_join() -> None:
    mind = agent()
    first = mind.snapshot()
    asyncio.run(live(mind, DAY, 2))
    second = mind.snapshot(since=mark_of(first))
    third = mind.snapshot(since=mark_of(first))  # since the first again, not the second
    with pytest.raises(ValueError, match="follows one at mark"):
        whole([first, second, third])
    with pytest.raises(ValueError, match="without the full snapshot"):
        whole([second])


def add(stream: MemoryStream, rng: np.random.Generator, hour: int) -> None:
    vector = rng.normal(size=stream.dim).astype(np.float32)
    stream.add(
        MemoryKind.OBSERVATION,
        f"m{len(stream)}",
        at=T0 + timedelta(hours=hour),
        importance=int(rng.integers(1, 11)),
        embedding=vector / np.linalg.norm(vector),
    )


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.integers(1, 5)),
            st.tuples(st.just("touch"), st.lists(st.integers(0, 200), max_size=6)),
            st.tuples(st.just("cut"), st.just(0)),
        ),
        max_size=40,
    ),
    seed=st.integers(0, 2**16),
)
def test_stream_changes_joined_onto_a_snapshot_equal_the_stream_now(steps, seed) -> None:
    rng = np.random.default_rng(seed)
    stream = MemoryStream(8)
    full, changes = stream.snapshot(), []
    cut = (len(stream), stream.touches)
    for hour, (op, arg) in enumerate(steps):
        if op == "add":
            for _ in range(arg):
                add(stream, rng, hour)
        elif op == "touch" and len(stream):
            stream.touch([i % len(stream) for i in arg], T0 + timedelta(hours=hour, minutes=30))
        elif op == "cut":
            changes.append(stream.change_since(*cut))
            cut = (len(stream), stream.touches)
    changes.append(stream.change_since(*cut))
    assert MemoryStream.merged_snapshot(full, changes) == stream.snapshot()
