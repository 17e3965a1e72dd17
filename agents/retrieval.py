"""Retrieval: which memories come to mind for a query, by recency, importance and relevance.

`score` is the paper's formula as a pure function of arrays; `retrieve` applies
it to the columns a memory stream keeps beside its nodes, picks the best by
partial selection, and marks what it returns as recalled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.spec import MindConfig


def min_max(values: np.ndarray) -> np.ndarray:
    """Scale to [0, 1]; a constant array maps to all 0.5 so it neither helps nor hurts."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return np.full_like(values, 0.5)
    return (values - lo) / (hi - lo)


def score(
    hours_since_access: np.ndarray,
    importance: np.ndarray,
    relevance: np.ndarray,
    config: MindConfig,
) -> np.ndarray:
    """Each candidate's retrieval score: weighted sum of normalised recency, importance, relevance.

    Recency is `config.recency_decay` to the power of the game hours since the
    memory was last accessed.
    """
    recency = np.power(config.recency_decay, np.asarray(hours_since_access, dtype=np.float64))
    return (
        config.weight_recency * min_max(recency)
        + config.weight_importance * min_max(importance)
        + config.weight_relevance * min_max(relevance)
    )


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k best scores, best first; ties go to the newer memory."""
    scores = np.asarray(scores, dtype=np.float64)
    n = len(scores)
    if 0 < k < n:
        # The k-th best score; all above it are in, and of those equal to it the newest.
        kth = np.partition(scores, n - k)[n - k]
        above = np.flatnonzero(scores > kth)
        level = np.flatnonzero(scores == kth)
        chosen = np.concatenate([above, level[len(above) - k :]])
    else:
        chosen = np.arange(n)
    order = chosen[np.lexsort((-chosen, -scores[chosen]))]
    return order[:k].tolist()


def retrieve(
    stream: MemoryStream,
    query: np.ndarray,
    now: datetime,
    config: MindConfig,
    *,
    k: int | None = None,
    kinds: Sequence[MemoryKind] | None = None,
    touch: bool = True,
) -> list[MemoryNode]:
    """The top-k memories for a query embedding at game time `now`, best first.

    Recalled memories get `now` as their last-access time unless `touch` is
    False (an interview looks without disturbing).
    """
    if not len(stream):
        return []
    hours = stream.hours_since_access(now)
    importance = stream.importances()
    relevance = stream.relevance(query)
    if kinds is None:
        candidates = np.arange(len(stream))
    else:
        candidates = stream.ids_of(kinds)
        if not candidates.size:
            return []
        hours, importance, relevance = (
            hours[candidates],
            importance[candidates],
            relevance[candidates],
        )
    scores = score(hours, importance, relevance, config)
    chosen = candidates[top_k(scores, k or config.retrieve_top_k)].tolist()
    if touch:
        stream.touch(chosen, now)
    return [stream.get(i) for i in chosen]
