"""Retrieval ranks memories by recency, importance and relevance, and marks what it recalls."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest

from agents.memory import MemoryKind, MemoryStream
from agents.retrieval import min_max, retrieve, score
from agents.spec import MindConfig

T0 = datetime(2023, 2, 13, 8, 0)


def _stream(n: int = 2, dim: int = 8) -> MemoryStream:
    stream = MemoryStream(dim)
    unit = np.zeros(dim, dtype=np.float32)
    unit[0] = 1.0
    for i in range(n):
        stream.add(MemoryKind.OBSERVATION, f"memory {i}", at=T0, importance=5, embedding=unit)
    return stream


@pytest.mark.parametrize("old_first", [True, False])
def test_memory_accessed_long_ago_loses_recency_to_a_recent_one(old_first: bool) -> None:
    stream = _stream()
    old, recent = (0, 1) if old_first else (1, 0)
    # Access order is the reverse of recency when old_first is False: the older
    # access happens second, with an earlier game time.
    stream.touch([old], T0 + timedelta(hours=1))
    stream.touch([recent], T0 + timedelta(hours=40))
    query = np.eye(8, dtype=np.float32)[0]
    found = retrieve(stream, query, T0 + timedelta(hours=41), MindConfig(), k=2)
    assert [n.text for n in found] == [f"memory {recent}", f"memory {old}"]


def test_score_weights_the_three_normalised_components() -> None:
    config = MindConfig(weight_recency=0, weight_importance=0, weight_relevance=1)
    scores = score(np.array([0.0, 100.0]), np.array([10, 1]), np.array([0.1, 0.9]), config)
    assert scores[1] > scores[0]
    config = MindConfig(weight_recency=0, weight_importance=1, weight_relevance=0)
    scores = score(np.array([0.0, 100.0]), np.array([10, 1]), np.array([0.1, 0.9]), config)
    assert scores[0] > scores[1]


def test_recency_decays_by_the_configured_factor_per_game_hour() -> None:
    config = MindConfig(recency_decay=0.5, weight_importance=0, weight_relevance=0)
    # 0 h, 1 h, 2 h since access -> recency 1, 0.5, 0.25 -> normalised 1, 1/3, 0.
    scores = score(np.array([0.0, 1.0, 2.0]), np.ones(3), np.zeros(3), config)
    assert np.allclose(scores, [1.0, 1 / 3, 0.0])


def test_constant_component_neither_helps_nor_hurts() -> None:
    assert np.allclose(min_max(np.array([4.0, 4.0, 4.0])), 0.5)


def test_retrieval_updates_last_access_of_what_it_returns_only() -> None:
    stream = _stream(3)
    later = T0 + timedelta(hours=5)
    found = retrieve(stream, np.eye(8, dtype=np.float32)[0], later, MindConfig(), k=1)
    assert [n.last_accessed for n in stream.nodes].count(later) == 1
    assert found[0].last_accessed == later


def test_relevance_prefers_the_memory_closest_to_the_query() -> None:
    stream = MemoryStream(4)
    for i, text in enumerate(("cafe", "park", "party")):
        stream.add(
            MemoryKind.OBSERVATION,
            text,
            at=T0,
            importance=3,
            embedding=np.eye(4, dtype=np.float32)[i],
        )
    found = retrieve(stream, np.eye(4, dtype=np.float32)[2], T0, MindConfig(), k=1)
    assert found[0].text == "party"


def test_snapshot_restores_the_same_retrieval_results() -> None:
    rng = np.random.default_rng(0)
    stream = MemoryStream(16)
    for i in range(30):
        v = rng.normal(size=16).astype(np.float32)
        stream.add(
            MemoryKind.THOUGHT,
            f"m{i}",
            at=T0 + timedelta(hours=i),
            importance=int(rng.integers(1, 11)),
            embedding=v / np.linalg.norm(v),
        )
    copy = MemoryStream.from_snapshot(stream.snapshot())
    q = rng.normal(size=16).astype(np.float32)
    q /= np.linalg.norm(q)
    now = T0 + timedelta(hours=40)
    first = [n.id for n in retrieve(stream, q, now, MindConfig())]
    again = [n.id for n in retrieve(copy, q, now, MindConfig())]
    assert first == again
    assert np.allclose(copy.relevance(q), stream.relevance(q))
