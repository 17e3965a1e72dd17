"""Retrieval on the stream's columns gives the figures and rankings of the per-node scoring.

The reference below is the scoring as first written: a faiss search over every
memory for relevance, Python loops over the nodes for recency and importance,
and a full sort of the scores. Random streams are drawn from small pools of
embeddings, times and importances so that ties are common.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

import faiss
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.retrieval import retrieve, score, top_k
from agents.spec import MindConfig

T0 = datetime(2023, 2, 13, 8, 0)
KINDS = list(MemoryKind)


def reference_min_max(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return np.full_like(values, 0.5)
    return (values - lo) / (hi - lo)


def reference_scores(
    nodes: list[MemoryNode],
    vectors: np.ndarray,
    query: np.ndarray,
    now: datetime,
    config: MindConfig,
    kinds: list[MemoryKind] | None,
) -> tuple[list[int], np.ndarray]:
    """The candidates' ids and their scores, computed node by node."""
    dim = vectors.shape[1]
    index = faiss.IndexFlatIP(dim)
    index.add(vectors)
    found, ids = index.search(np.asarray(query, dtype=np.float32).reshape(1, dim), len(nodes))
    relevance = np.zeros(len(nodes), dtype=np.float32)
    relevance[ids[0]] = found[0]
    hours = np.array(
        [max(0.0, (now - n.last_accessed).total_seconds() / 3600) for n in nodes],
        dtype=np.float64,
    )
    importance = np.array([n.importance for n in nodes], dtype=np.float64)
    candidates = [n.id for n in nodes if kinds is None or n.kind in kinds]
    idx = np.array(candidates, dtype=np.int64)
    recency = np.power(config.recency_decay, hours[idx])
    scores = (
        config.weight_recency * reference_min_max(recency)
        + config.weight_importance * reference_min_max(importance[idx])
        + config.weight_relevance * reference_min_max(relevance[idx])
    )
    return candidates, scores


def reference_top_k(scores: np.ndarray, k: int) -> list[int]:
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), -i))
    return order[:k]


def unit_pool(rng: np.random.Generator, size: int, dim: int) -> np.ndarray:
    vectors = rng.normal(size=(size, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@st.composite
def streams(draw: st.DrawFn) -> tuple[MemoryStream, np.ndarray, np.random.Generator]:
    """A stream of random memories whose embeddings come from a small pool."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    dim = draw(st.sampled_from([4, 8, 16, 384]))
    pool = unit_pool(rng, draw(st.integers(1, 6)), dim)
    stream = MemoryStream(dim)
    for i in range(draw(st.integers(1, 70))):
        stream.add(
            draw(st.sampled_from(KINDS)),
            f"m{i}",
            at=T0 + timedelta(minutes=10 * draw(st.integers(0, 12))),
            importance=draw(st.integers(1, 10)),
            embedding=pool[draw(st.integers(0, len(pool) - 1))],
        )
    return stream, pool, rng


configs = st.builds(
    MindConfig,
    recency_decay=st.sampled_from([0.5, 0.9, 0.995, 0.99999]),
    weight_recency=st.sampled_from([0.0, 0.5, 1.0, 2.0]),
    weight_importance=st.sampled_from([0.0, 1.0, 3.0]),
    weight_relevance=st.sampled_from([0.0, 1.0, 1.5]),
)
kind_filters = st.none() | st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True)


@settings(max_examples=150, deadline=None)
@given(streams(), configs, kind_filters, st.integers(1, 15), st.integers(0, 40 * 60))
def test_scores_and_ranking_equal_the_per_node_reference(
    drawn, config: MindConfig, kinds, k: int, minutes: int
) -> None:
    stream, pool, rng = drawn
    query = (
        pool[int(rng.integers(len(pool)))]
        if rng.random() < 0.7
        else unit_pool(rng, 1, stream.dim)[0]
    )
    now = T0 + timedelta(minutes=minutes)
    vectors = np.stack([stream.columns.vectors[i] for i in range(len(stream))])
    candidates, expected = reference_scores(stream.nodes, vectors, query, now, config, kinds)

    idx = np.array(candidates, dtype=np.int64)
    if idx.size:
        got = score(
            stream.hours_since_access(now)[idx],
            stream.importances()[idx],
            stream.relevance(query)[idx],
            config,
        )
        assert np.array_equal(got, expected)  # to the last bit, not merely close
    want = [candidates[i] for i in reference_top_k(expected, k)]
    found = retrieve(stream, query, now, config, k=k, kinds=kinds, touch=False)
    assert [n.id for n in found] == want


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, -0.0, 2.0]), max_size=40),
    st.integers(-3, 45),
)
def test_partial_selection_keeps_the_full_sorts_order_and_ties(values, k: int) -> None:
    scores = np.array(values, dtype=np.float64)
    assert top_k(scores, k) == reference_top_k(scores, k)


@settings(max_examples=60, deadline=None)
@given(streams(), st.lists(st.tuples(st.integers(-120, 60 * 60), st.integers(1, 8)), max_size=12))
def test_touch_moves_access_times_as_the_nodes_record_them(drawn, recalls) -> None:
    stream, pool, rng = drawn
    expected = [n.last_accessed for n in stream.nodes]
    for minutes, k in recalls:
        now = T0 + timedelta(minutes=minutes)
        query = pool[int(rng.integers(len(pool)))]
        found = retrieve(stream, query, now, MindConfig(), k=k)
        for node in found:
            expected[node.id] = max(expected[node.id], now)
        assert [n.last_accessed for n in stream.nodes] == expected
        later = T0 + timedelta(hours=50)
        hours = [max(0.0, (later - t).total_seconds() / 3600) for t in expected]
        assert stream.hours_since_access(later).tolist() == hours


def test_an_add_grows_the_columns_and_keeps_every_row() -> None:
    rng = np.random.default_rng(3)
    pool = unit_pool(rng, 100, 8)
    stream = MemoryStream(8)
    for i, vector in enumerate(pool):
        stream.add(MemoryKind.CHAT, f"m{i}", at=T0, importance=1 + i % 10, embedding=vector)
    assert np.array_equal(stream.columns.vectors, pool)
    assert stream.importances().tolist() == [float(1 + i % 10) for i in range(100)]
    assert stream.recent(3, kinds=[MemoryKind.CHAT]) == stream.nodes[-3:]


def test_the_snapshot_keeps_its_format_and_restores_the_columns() -> None:
    rng = np.random.default_rng(4)
    pool = unit_pool(rng, 20, 16)
    stream = MemoryStream(16)
    for i, vector in enumerate(pool):
        kind = KINDS[i % len(KINDS)]
        stream.add(kind, f"m{i}", at=T0 + timedelta(hours=i), importance=3, embedding=vector)
    stream.touch([2, 5], T0 + timedelta(hours=30))
    state = stream.snapshot()
    assert set(state) == {"dim", "nodes", "embeddings"}
    assert base64.b64decode(state["embeddings"]) == pool.astype("<f4").tobytes()
    copy = MemoryStream.from_snapshot(state)
    later = T0 + timedelta(hours=40)
    assert np.array_equal(copy.hours_since_access(later), stream.hours_since_access(later))
    assert np.array_equal(copy.columns.kind, stream.columns.kind)
    assert copy.recent(2, kinds=[MemoryKind.PLAN]) == stream.recent(2, kinds=[MemoryKind.PLAN])
    copy.add(MemoryKind.PLAN, "after", at=later, importance=4, embedding=pool[0])
    assert len(copy.columns.vectors) == 21 and copy.nodes[-1].id == 20
