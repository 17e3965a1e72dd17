"""The memory stream: everything an agent has observed, thought, planned, said and concluded.

Nodes live in a list in creation order; the numbers retrieval reads (unit
embeddings, so that inner product is cosine similarity, last-access times,
importances, kinds) live beside them in `MemoryColumns`. The two are kept in
step on every add and touch, and rebuilt together on restore.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from agents.memory_columns import MemoryColumns, micros


class MemoryKind(StrEnum):
    """What a memory is: the paper's node types."""

    OBSERVATION = "observation"
    THOUGHT = "thought"
    PLAN = "plan"
    CHAT = "chat"
    REFLECTION = "reflection"


ACCESSED = "last_accessed"  # the one field of a memory that changes after it is made
KIND_CODES: dict[MemoryKind, int] = {kind: code for code, kind in enumerate(MemoryKind)}


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
    """The agent's memories and the columns retrieval reads, always consistent."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.nodes: list[MemoryNode] = []
        self.columns = MemoryColumns(dim)

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
        vector = np.asarray(embedding, dtype=np.float32).reshape(self.dim)
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
        self.columns.append(
            vector, accessed=micros(at), importance=node.importance, kind=KIND_CODES[kind]
        )
        return node

    def get(self, node_id: int) -> MemoryNode:
        return self.nodes[node_id]

    def recent(self, count: int, kinds: Sequence[MemoryKind] | None = None) -> list[MemoryNode]:
        """The last `count` memories (of the given kinds), oldest first."""
        if count <= 0:
            return []
        if kinds is None:
            return self.nodes[-count:]
        return [self.nodes[i] for i in self.ids_of(kinds)[-count:]]

    def ids_of(self, kinds: Sequence[MemoryKind]) -> np.ndarray:
        """Ids of the memories of the given kinds, oldest first."""
        return self.columns.of_kinds([KIND_CODES[MemoryKind(k)] for k in kinds])

    def relevance(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of every memory to a unit query vector, in id order."""
        return self.columns.relevance(query)

    def hours_since_access(self, now: datetime) -> np.ndarray:
        """Game hours since each memory was last accessed, in id order (0 if later than now)."""
        return self.columns.hours_since_access(micros(now))

    def importances(self) -> np.ndarray:
        """Each memory's importance as float64, in id order."""
        return self.columns.importance.copy()

    def touch(self, ids: Sequence[int], at: datetime) -> None:
        """Mark memories as recalled at game time `at` (recency counts from here)."""
        for i in ids:
            self.nodes[i].last_accessed = max(self.nodes[i].last_accessed, at)
        self.columns.touch(ids, micros(at))

    @property
    def touches(self) -> int:
        """How many times memories have been recalled since the stream was made or loaded."""
        return self.columns.touches

    def touched_after(self, touch: int, below: int) -> list[int]:
        """Ids under `below` recalled after touch number `touch` (see `touches`), ascending."""
        return self.columns.touched_after(touch, below).tolist()

    def snapshot(self) -> dict[str, Any]:
        """Nodes as JSON and embeddings as base64 float32, for a checkpoint."""
        return {
            "dim": self.dim,
            "nodes": [n.model_dump(mode="json") for n in self.nodes],
            "embeddings": base64.b64encode(self.columns.vectors.astype("<f4").tobytes()).decode(),
        }

    def change_since(self, count: int, touch: int) -> dict[str, Any]:
        """What the stream gained since it held `count` memories after touch number `touch`.

        The memories made since, with their embeddings, and the recall times
        that moved; `merged_snapshot` puts it onto the snapshot of that moment.
        """
        return {
            "count": count,
            "nodes": [n.model_dump(mode="json") for n in self.nodes[count:]],
            "embeddings": base64.b64encode(
                self.columns.vectors[count:].astype("<f4").tobytes()
            ).decode(),
            "accessed": [
                [i, self.nodes[i].model_dump(mode="json", include={ACCESSED})[ACCESSED]]
                for i in self.touched_after(touch, count)
            ],
        }

    @staticmethod
    def merged_snapshot(full: dict[str, Any], changes: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """The `snapshot` that a full one and the `change_since` records after it stand for."""
        nodes = list(full["nodes"])
        raw = [base64.b64decode(full["embeddings"])]
        for change in changes:
            if change["count"] != len(nodes):
                raise ValueError(
                    f"memory change: follows a stream of {change['count']} memories, "
                    f"not {len(nodes)}"
                )
            for i, accessed in change["accessed"]:
                nodes[i] = {**nodes[i], ACCESSED: accessed}
            nodes.extend(change["nodes"])
            raw.append(base64.b64decode(change["embeddings"]))
        embeddings = base64.b64encode(b"".join(raw)).decode()
        return {"dim": full["dim"], "nodes": nodes, "embeddings": embeddings}

    @classmethod
    def from_snapshot(cls, state: dict[str, Any]) -> MemoryStream:
        """Rebuild a stream and its columns from `snapshot` output."""
        stream = cls(int(state["dim"]))
        nodes = [MemoryNode.model_validate(n) for n in state["nodes"]]
        raw = base64.b64decode(state["embeddings"])
        vectors = np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(-1, stream.dim)
        if len(vectors) != len(nodes):
            raise ValueError(f"memory snapshot: {len(nodes)} nodes but {len(vectors)} embeddings")
        stream.columns = MemoryColumns.from_rows(
            vectors,
            accessed=[micros(n.last_accessed) for n in nodes],
            importance=[n.importance for n in nodes],
            kind=[KIND_CODES[n.kind] for n in nodes],
        )
        stream.nodes = nodes
        return stream
