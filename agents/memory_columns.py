"""The numbers retrieval reads from every memory, kept as arrays beside the nodes.

One row per memory in id order: its unit embedding, last access time,
importance and kind, and the number of the last touch that moved its access
time (so a checkpoint can tell what changed since an earlier one). The
arrays grow by doubling, so adding a memory costs amortised constant time,
and retrieval scores every memory at once from them instead of walking the
nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import faiss
import numpy as np

_MICROSECOND = timedelta(microseconds=1)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_AWARE_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIRST_CAPACITY = 16


def micros(at: datetime) -> int:
    """Whole microseconds since 1970: exact, so differences equal datetime subtraction."""
    epoch = _AWARE_EPOCH if at.utcoffset() is not None else _NAIVE_EPOCH
    return (at - epoch) // _MICROSECOND


class MemoryColumns:
    """Embeddings, last-access times, importances and kinds of a stream's memories."""

    def __init__(self, dim: int, capacity: int = _FIRST_CAPACITY) -> None:
        self.dim = dim
        self.size = 0
        self._vectors = np.zeros((capacity, dim), dtype=np.float32)
        self._accessed = np.zeros(capacity, dtype=np.int64)  # microseconds, see `micros`
        self._importance = np.zeros(capacity, dtype=np.float64)
        self._kind = np.zeros(capacity, dtype=np.int8)
        self._touched = np.zeros(capacity, dtype=np.int64)  # 0: not touched since made or loaded
        self.touches = 0  # how many touches there have been; the number of the last one

    @classmethod
    def from_rows(
        cls,
        vectors: np.ndarray,
        *,
        accessed: Sequence[int],
        importance: Sequence[int],
        kind: Sequence[int],
    ) -> MemoryColumns:
        """Columns holding the given rows, with room to grow."""
        columns = cls(vectors.shape[1], capacity=max(_FIRST_CAPACITY, len(vectors)))
        n = columns.size = len(vectors)
        columns._vectors[:n] = vectors
        columns._accessed[:n] = np.asarray(accessed, dtype=np.int64)
        columns._importance[:n] = np.asarray(importance, dtype=np.float64)
        columns._kind[:n] = np.asarray(kind, dtype=np.int8)
        return columns

    @property
    def vectors(self) -> np.ndarray:
        """The embeddings, one float32 row per memory (a view: do not keep it across adds)."""
        return self._vectors[: self.size]

    @property
    def importance(self) -> np.ndarray:
        return self._importance[: self.size]

    @property
    def accessed(self) -> np.ndarray:
        return self._accessed[: self.size]

    @property
    def kind(self) -> np.ndarray:
        return self._kind[: self.size]

    def append(self, vector: np.ndarray, *, accessed: int, importance: int, kind: int) -> None:
        """Add one memory's row; `accessed` in microseconds (see `micros`)."""
        if self.size == len(self._kind):
            self._grow(max(_FIRST_CAPACITY, 2 * self.size))
        i = self.size
        self._vectors[i] = vector
        self._accessed[i] = accessed
        self._importance[i] = importance
        self._kind[i] = kind
        self._touched[i] = 0
        self.size += 1

    def _grow(self, capacity: int) -> None:
        def wider(old: np.ndarray) -> np.ndarray:
            new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
            new[: self.size] = old[: self.size]
            return new

        self._vectors = wider(self._vectors)
        self._accessed = wider(self._accessed)
        self._importance = wider(self._importance)
        self._kind = wider(self._kind)
        self._touched = wider(self._touched)

    def touch(self, ids: Sequence[int], at: int) -> None:
        """Move the last access of `ids` to `at` (microseconds) unless it is already later."""
        rows = np.asarray(ids, dtype=np.int64)
        self._accessed[rows] = np.maximum(self._accessed[rows], at)
        self.touches += 1
        self._touched[rows] = self.touches

    def touched_after(self, touch: int, below: int) -> np.ndarray:
        """Ids under `below` touched after touch number `touch`, ascending."""
        return np.flatnonzero(self._touched[: min(below, self.size)] > touch)

    def hours_since_access(self, now: int) -> np.ndarray:
        """Game hours from each memory's last access to `now` (microseconds), never negative.

        Divides as `timedelta.total_seconds() / 3600` does, so the figures are
        the same to the last bit.
        """
        return np.maximum((now - self.accessed) / 1e6 / 3600, 0.0)

    def relevance(self, query: np.ndarray) -> np.ndarray:
        """Inner product of every embedding with `query`, in id order (float32).

        Computed by the scan behind faiss's flat inner-product index, which
        gives its figures to the last bit: min-max normalisation magnifies a
        rounding difference between near-equal memories into a different
        ranking, and numpy's matrix-vector product rounds differently.
        """
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(self.dim)
        found = faiss.RangeSearchResult(1)
        faiss.range_search_inner_product(
            faiss.swig_ptr(q), faiss.swig_ptr(self._vectors), self.dim, 1, self.size, -np.inf, found
        )
        count = int(faiss.rev_swig_ptr(found.lims, 2)[1])
        out = np.zeros(self.size, dtype=np.float32)
        out[faiss.rev_swig_ptr(found.labels, count)] = faiss.rev_swig_ptr(found.distances, count)
        return out

    def of_kinds(self, kinds: Sequence[int]) -> np.ndarray:
        """Ids of the memories whose kind code is among `kinds`, ascending."""
        return np.flatnonzero(np.isin(self.kind, np.asarray(kinds, dtype=np.int8)))
