"""How many residents share an actor: one each where the cluster holds it, else fewer actors."""

from __future__ import annotations

import argparse
import math

import pytest

from sim.cli import per_actor_option
from sim.config import resolve_config
from sim.errors import ConfigError
from sim.packing import (
    ACTOR_BYTES,
    ACTORS_PER_CPU,
    MEMORY_SHARE,
    PACKED_ACTORS_PER_CPU,
    RESIDENT_BYTES,
    ClusterSize,
    residents_per_actor,
    resolve_per_actor,
)

GB = 1_000_000_000
# This kind of machine: 2 cores, 24 GB, of which Ray offers its workers ≈ 17.5 GB.
TWO_CORES = ClusterSize(cpus=2, memory_bytes=17.5 * GB)


@pytest.mark.parametrize(
    ("residents", "per_actor"),
    [(1, 1), (3, 1), (25, 1), (32, 1), (33, 5), (250, 32), (1_000, 125), (10_000, 10_000)],
)
def test_two_cores_give_one_resident_an_actor_up_to_what_they_hold(residents, per_actor):
    assert residents_per_actor(residents, TWO_CORES) == per_actor


@pytest.mark.parametrize("residents", [1, 2, 7, 25, 100, 250, 999, 1_000, 5_000, 20_000])
@pytest.mark.parametrize(
    "cluster",
    [
        TWO_CORES,
        ClusterSize(cpus=1, memory_bytes=2 * GB),
        ClusterSize(cpus=64, memory_bytes=512 * GB),
        ClusterSize(cpus=0, memory_bytes=0),
    ],
)
def test_every_resident_has_an_actor_and_the_actors_fit_the_cluster(residents, cluster):
    per_actor = residents_per_actor(residents, cluster)
    actors = math.ceil(residents / per_actor)
    assert per_actor >= 1 and actors >= 1
    assert actors <= ACTORS_PER_CPU * max(1, cluster.cpus)
    room = MEMORY_SHARE * cluster.memory_bytes - residents * RESIDENT_BYTES
    if cluster.memory_bytes and room >= ACTOR_BYTES:
        assert actors * ACTOR_BYTES <= room
    # One each where the bounds hold it; else no more packing than the packed bounds ask.
    if per_actor > 1:
        cpus = max(1, cluster.cpus)
        assert residents > ACTORS_PER_CPU * cpus or residents * ACTOR_BYTES > room
        assert actors <= PACKED_ACTORS_PER_CPU * cpus
        more = math.ceil(residents / (per_actor - 1))
        assert more > PACKED_ACTORS_PER_CPU * cpus or more * ACTOR_BYTES > room


def test_a_bigger_cluster_never_packs_tighter():
    for residents in (10, 100, 1_000, 10_000):
        small = residents_per_actor(residents, ClusterSize(cpus=2, memory_bytes=8 * GB))
        big = residents_per_actor(residents, ClusterSize(cpus=32, memory_bytes=256 * GB))
        assert big <= small


def test_a_number_is_kept_as_it_is_without_asking_ray():
    assert resolve_per_actor(4, residents=1_000) == 4


def test_auto_is_the_default_and_a_number_or_auto_is_accepted_elsewhere_refused():
    assert resolve_config().agents_per_actor == "auto"
    assert resolve_config(None, {"agents_per_actor": 5}).agents_per_actor == 5
    for wrong in (0, -2, "many", 2.5, True):
        with pytest.raises(ConfigError, match="agents_per_actor.*whole number from 1, or"):
            resolve_config(None, {"agents_per_actor": wrong})
    assert per_actor_option("auto") == "auto" and per_actor_option("3") == 3
    for wrong in ("0", "x", "-1", "1.5"):
        with pytest.raises(argparse.ArgumentTypeError, match="whole number"):
            per_actor_option(wrong)
