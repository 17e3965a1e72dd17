"""The memory stream: everything an agent has observed, thought, planned, said and concluded.

Nodes live in a list in creation order; their embeddings live beside them in a
faiss inner-product index (vectors are unit length, so inner product is
cosine similarity). The two are kept in step on every add and rebuilt
together on restore.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import faiss
import numpy as np
from pydantic import BaseModel, ConfigDict, Field


class MemoryKind(StrEnum):
    """What a memory is: the paper's node types."""

    OBSERVATION = "observation"
    THOUGHT = "thought"
    PLAN = "plan"
    CHAT = "chat"
    REFLECTION = "reflection"


class MemoryNode(BaseModel):
    """One memory: its text, when it was made and last recalled, how much it matters.

    `subject`, `predicate`, `object` hold the triple where the memory is an
    event ("Klaus Mueller", "is", "reading"); `evidence` lists the ids of the
    memories a reflection rests on.
    """

    model_config = ConfigDict(extra="forbid")

    id: int = Field(ge=0)
    kind: MemoryKind
    text: str
    created: datetime
    last_accessed: datetime
    importance: int = Field(ge=1, le=10)
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    evidence: tuple[int, ...] = ()


class MemoryStream:
    """The agent's memories and their embedding index, always consistent."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.nodes: list[MemoryNode] = []
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._index = faiss.IndexFlatIP(dim)

    def __len__(self) -> int:
        return len(self.nodes)

    def add(
        self,
        kind: MemoryKind,
        text: str,
        *,
        at: datetime,
        importance: int,
        embedding: np.ndarray,
        triple: tuple[str, str, str] | None = None,
        evidence: Sequence[int] = (),
    ) -> MemoryNode:
        """Store a memory made at game time `at` with its embedding; returns the node."""
        vector = np.asarray(embedding, dtype=np.float32).reshape(1, self.dim)
        subject, predicate, obj = triple if triple else (None, None, None)
        node = MemoryNode(
            id=len(self.nodes),
            kind=kind,
            text=text,
            created=at,
            last_accessed=at,
            importance=max(1, min(10, int(importance))),
            subject=subject,
            predicate=predicate,
            object=obj,
            evidence=tuple(evidence),
        )
        self.nodes.append(node)
        self._vectors = np.vstack([self._vectors, vector])
        self._index.add(vector)
        return node

    def get(self, node_id: int) -> MemoryNode:
        return self.nodes[node_id]

    def recent(self, count: int, kinds: Sequence[MemoryKind] | None = None) -> list[MemoryNode]:
        """The last `count` memories (of the given kinds), oldest first."""
        chosen = [n for n in self.nodes if kinds is None or n.kind in kinds]
        return chosen[-count:] if count > 0 else []

    def relevance(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of every memory to a unit query vector, in id order."""
        n = len(self.nodes)
        if n == 0:
            return np.zeros(0, dtype=np.float32)
        q = np.asarray(query, dtype=np.float32).reshape(1, self.dim)
        scores, ids = self._index.search(q, n)
        out = np.zeros(n, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def hours_since_access(self, now: datetime) -> np.ndarray:
        return np.array(
            [max(0.0, (now - n.last_accessed).total_seconds() / 3600) for n in self.nodes],
            dtype=np.float64,
        )

    def importances(self) -> np.ndarray:
        return np.array([n.importance for n in self.nodes], dtype=np.float64)

    def touch(self, ids: Sequence[int], at: datetime) -> None:
        """Mark memories as recalled at game time `at` (recency counts from here)."""
        for i in ids:
            self.nodes[i].last_accessed = max(self.nodes[i].last_accessed, at)

    def snapshot(self) -> dict[str, Any]:
        """Nodes as JSON and embeddings as base64 float32, for a checkpoint."""
        return {
            "dim": self.dim,
            "nodes": [n.model_dump(mode="json") for n in self.nodes],
            "embeddings": base64.b64encode(self._vectors.astype("<f4").tobytes()).decode(),
        }

    @classmethod
    def from_snapshot(cls, state: dict[str, Any]) -> MemoryStream:
        """Rebuild a stream and its index from `snapshot` output."""
        stream = cls(int(state["dim"]))
        stream.nodes = [MemoryNode.model_validate(n) for n in state["nodes"]]
        raw = base64.b64decode(state["embeddings"])
        vectors = np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(-1, stream.dim)
        if len(vectors) != len(stream.nodes):
            raise ValueError(
                f"memory snapshot: {len(stream.nodes)} nodes but {len(vectors)} embeddings"
            )
        stream._vectors = vectors.copy()
        stream._index.add(stream._vectors)
        return stream
