"""Encoding: turning what the agent perceives, does and says into stored memories.

New memories are staged as `Pending` during a decision, then committed
together: one importance call for every text not rated before, one embedding
call for all of them.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from agents.contract import Perception
from agents.llm.protocol import Embedder, LanguageModel
from agents.memory import MemoryKind, MemoryStream
from agents.phrasing import progressive
from agents.reflection import reflection_kinds
from agents.tasks.importance import RateImportance

PERCEPTION_BANDWIDTH = 5  # nearest things noticed per perception, the paper's attention
# Fixed importances the paper's code gives without asking the model: seeing
# someone idle is mundane, and the day's plan is a middling thought.
IDLE_IMPORTANCE = 1
PLAN_IMPORTANCE = 5
# Unrated observations wait for a batch of this many before a rating call.
OBSERVATION_BATCH = 4


class Dialogue(BaseModel):
    """A finished conversation, as its gist is made from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    partner: str
    lines: tuple[str, ...]


class Pending(BaseModel):
    """A memory waiting to be rated and embedded; `importance` set means no rating needed.

    `gist_of` marks the gist of a conversation still to be made: its text is
    empty until then, and it keeps its place among the staged memories.
    """

    model_config = ConfigDict(extra="forbid")

    kind: MemoryKind
    text: str
    at: datetime
    triple: tuple[str, str, str] | None = None
    evidence: tuple[int, ...] = ()
    importance: int | None = None
    gist_of: Dialogue | None = None


def observations(p: Perception) -> list[Pending]:
    """What the agent notices around it, nearest first: other agents' actions, busy objects."""
    seen: list[tuple[int, str, tuple[str, str, str]]] = []
    for a in p.agents:
        text = f"{a.name} is {progressive(a.action)} at {a.place}"
        seen.append((a.distance, text, (a.name, "is", a.action)))
    for o in p.objects:
        if o.state and o.state != "idle":
            seen.append((o.distance, f"{o.address} is {o.state}", (o.address, "is", o.state)))
    return [
        Pending(
            kind=MemoryKind.OBSERVATION,
            text=text,
            at=p.time,
            triple=triple,
            importance=IDLE_IMPORTANCE if triple[2] == "idle" else None,
        )
        for _, text, triple in sorted(seen)[:PERCEPTION_BANDWIDTH]
    ]


def deferrable(pending: list[Pending], cache: dict[str, int]) -> list[Pending]:
    """The staged memories that may wait for a later batch: unrated observations.

    What the agent sees and does rarely matters on its own, and a rating call
    for every glance would be most of an agent's budget; so observations wait
    while nothing else staged needs a rating and fewer than OBSERVATION_BATCH
    of them have gathered. Memories rated already (or cached) are stored at
    once, so retrieval sees them.
    """
    unrated = [m for m in pending if m.importance is None and m.text not in cache]
    waiting = [m for m in unrated if m.kind is MemoryKind.OBSERVATION]
    if len(waiting) < len(unrated) or len(waiting) >= OBSERVATION_BATCH:
        return []
    return waiting


async def commit(
    pending: list[Pending],
    stream: MemoryStream,
    llm: LanguageModel,
    embedder: Embedder,
    *,
    agent: str,
    identity: str,
    cache: dict[str, int],
) -> int:
    """Store staged memories; returns the importance they add towards the next reflection.

    `cache` maps texts to their rating, so a repeated description costs no call.
    """
    if not pending:
        return 0
    unrated = list(
        dict.fromkeys(m.text for m in pending if m.importance is None and m.text not in cache)
    )
    if unrated:
        rating = await llm.run(
            RateImportance(agent=agent, identity=identity, memories=tuple(unrated)), agent=agent
        )
        for i, text in enumerate(unrated):
            # A short answer leaves the rest at the fallback's middling score.
            cache[text] = rating.scores[i] if i < len(rating.scores) else 3
    vectors = await embedder.embed([m.text for m in pending])
    counted = reflection_kinds()
    added = 0
    for m, vector in zip(pending, vectors, strict=True):
        importance = m.importance or cache[m.text]
        stream.add(
            m.kind,
            m.text,
            at=m.at,
            importance=importance,
            embedding=vector,
            triple=m.triple,
            evidence=m.evidence,
        )
        if m.kind in counted:
            added += importance
    return added
