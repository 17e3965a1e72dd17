"""How many residents share a Ray actor: one each where the cluster holds it, else 4 actors a CPU.

An actor is a Python process of its own: ≈ 165 MB resident with one
resident in it, and one to two seconds of a core to start. A resident adds
only its mind and memories (a few MB over a game day) to whichever actor
holds it, and an actor overlaps its residents' model calls. So the number of
actors, not the number of residents, is what a cluster runs out of.
`residents_per_actor` chooses:

- one resident per actor while the cluster holds that many actors: at most
  16 per CPU, and the actors' processes, plus every resident's own share,
  within half of the memory Ray offers its workers (the rest is for Ray's
  own processes, the driver and the memory streams' growth);
- otherwise 4 actors per CPU (fewer if memory is short), the residents
  shared evenly among them: more actors than that only add start-up and one
  more call per tick to each, which the CPUs cannot run at once anyway
  (measured with 1,000 scripted residents on 2 CPUs for a game hour: 4, 8,
  16 and 27 actors took 65, 66, 93 and 99 s from the command to its summary).

Oakhollow's 25 residents on 2 CPUs and 24 GB get one actor each; 250 get 32
per actor, 1,000 get 125.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

MB = 1_000_000
ACTOR_BYTES = 170 * MB  # measured: 162-169 MB RSS for an actor holding one resident
RESIDENT_BYTES = 4 * MB  # measured: under 2 MB per resident over ten game hours, doubled
ACTORS_PER_CPU = 16  # one resident per actor up to this many actors per CPU
PACKED_ACTORS_PER_CPU = 4  # actors per CPU once residents share them
MEMORY_SHARE = 0.5

# `agents_per_actor` as configured: a number, or "auto" to let the cluster's size decide.
PerActor = int | Literal["auto"]


@dataclass(frozen=True)
class ClusterSize:
    """What a Ray cluster offers the run's actors: its CPUs and its workers' memory in bytes."""

    cpus: float
    memory_bytes: float


def residents_per_actor(residents: int, cluster: ClusterSize) -> int:
    """The residents one actor holds so that the town's actors fit the cluster (see the module)."""
    if residents <= 1:
        return 1
    cpus = max(1, math.floor(cluster.cpus))
    by_memory = residents
    if cluster.memory_bytes > 0:
        room = MEMORY_SHARE * cluster.memory_bytes - residents * RESIDENT_BYTES
        by_memory = max(1, math.floor(room / ACTOR_BYTES))
    if residents <= min(ACTORS_PER_CPU * cpus, by_memory):
        return 1
    actors = min(PACKED_ACTORS_PER_CPU * cpus, by_memory, residents)
    return math.ceil(residents / actors)


def running_cluster() -> ClusterSize:
    """The size of the Ray cluster this process is connected to, all its nodes together."""
    import ray

    totals = ray.cluster_resources()
    return ClusterSize(cpus=totals.get("CPU", 0.0), memory_bytes=totals.get("memory", 0.0))


def resolve_per_actor(setting: PerActor, residents: int) -> int:
    """The configured packing as a number: as given, or for "auto" what the joined cluster holds."""
    if setting == "auto":
        return residents_per_actor(residents, running_cluster())
    return setting
