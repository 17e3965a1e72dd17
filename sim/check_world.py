"""Check a world before running it: it loads, and every place can be walked to.

`hamlet check-world PATH` prints `check_world(PATH).render()` and exits 1
when the world has errors or a place cannot be reached from a spawn point.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.errors import WorldError
from sim.pathfinding import reachable_from
from sim.scenario import load_scenario
from sim.world_loader import World, load_world, world_root


@dataclass(frozen=True)
class Unreachable:
    """A place no agent starting at some spawn points can walk to."""

    address: str
    spawns: tuple[str, ...]  # the spawn points it cannot be reached from
    why: str = "walled off"


@dataclass(frozen=True)
class WorldReport:
    """What a world holds and whether it is fit to run."""

    source: str
    name: str = ""
    map_path: str = ""
    width: int = 0
    height: int = 0
    tile_size: int = 0
    areas: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    rooms: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    spawns: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    unreachable: list[Unreachable] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the world loaded and every place is reachable from every spawn."""
        return not self.errors and not self.unreachable

    def render(self) -> str:
        """A short description for the terminal."""
        if not self.name:
            return "\n".join([f"world {self.source}: cannot be loaded", *self.errors])
        lines = [
            f"world {self.name} ({self.map_path})",
            f"  size: {self.width}x{self.height} tiles of {self.tile_size} px",
            f"  areas ({len(self.areas)}): "
            + ", ".join(f"{name} [{kind}]" if kind else name for name, kind in self.areas),
            f"  rooms ({len(self.rooms)}): " + ", ".join(self.rooms),
            f"  objects ({len(self.objects)}): " + ", ".join(self.objects),
            f"  spawn points ({len(self.spawns)}): "
            + ", ".join(f"{name} {tile}" for name, tile in self.spawns),
            f"  personas ({len(self.personas)}): " + ", ".join(self.personas),
            f"  scenarios ({len(self.scenarios)}): " + ", ".join(self.scenarios),
        ]
        if self.unreachable:
            lines.append(f"  unreachable places ({len(self.unreachable)}):")
            lines += [
                f"    {u.address}: {u.why} from spawn {', '.join(u.spawns)}"
                for u in self.unreachable
            ]
        elif self.spawns:
            lines.append("  reachability: every area, room and object reachable from every spawn")
        else:
            lines.append("  reachability: not checked, the map has no spawn points")
        if self.errors:
            lines.append(f"  errors ({len(self.errors)}):")
            lines += ["    " + e.replace("\n", "\n    ") for e in self.errors]
        lines.append("OK" if self.ok else "FAILED")
        return "\n".join(lines)


def check_world(path_or_name: str | Path) -> WorldReport:
    """Load a world, its scenarios, and test that every place can be walked to."""
    try:
        world = load_world(path_or_name)
    except WorldError as exc:
        return WorldReport(source=str(path_or_name), errors=[str(exc)])
    errors = []
    for scenario in world.scenario_names:
        try:
            load_scenario(world, scenario)
        except WorldError as exc:
            errors.append(str(exc))
    m = world.map
    return WorldReport(
        source=str(path_or_name),
        name=world.name,
        map_path=str(m.path),
        width=m.width,
        height=m.height,
        tile_size=m.tile_size,
        areas=[(a.name, a.kind) for a in m.areas.values()],
        rooms=list(m.rooms),
        objects=list(m.objects),
        spawns=[(s.name, s.tile) for s in m.spawns.values()],
        personas=[p.name for p in world.personas],
        scenarios=world.scenario_names,
        unreachable=find_unreachable(world),
        errors=errors,
    )


def find_unreachable(world: World) -> list[Unreachable]:
    """Every area, room and object that some spawn point (or persona start) cannot reach."""
    m = world.map
    starts = {s.name: s.tile for s in m.spawns.values()}
    for persona in world.personas:
        if persona.spawn is None and persona.name not in m.spawns:
            try:
                starts[f"home of {persona.name}"] = world.spawn_tile(persona)
            except WorldError:
                pass  # reported below: the home has no tile to stand on
    # Spawns in one connected region share one flood fill.
    regions: list[tuple[np.ndarray, list[str]]] = []
    for name, tile in starts.items():
        for mask, names in regions:
            if mask[tile[1], tile[0]]:
                names.append(name)
                break
        else:
            regions.append((reachable_from(m, tile), [name]))
    failures = []
    for address in m.addresses():
        tiles = m.target_tiles(address)
        if not tiles:
            failures.append(Unreachable(address, tuple(starts), "no walkable tile to stand on"))
            continue
        cut_off = [
            name
            for mask, names in regions
            if not any(mask[y, x] for x, y in tiles)
            for name in names
        ]
        if cut_off:
            failures.append(Unreachable(address, tuple(cut_off)))
    return failures


def main(argv: list[str] | None = None) -> int:
    """`hamlet check-world PATH`: print the report; 1 on errors or unreachable places.

    A PATH that is no world at all raises `WorldError`: there is nothing to report on.
    """
    parser = argparse.ArgumentParser(
        prog="hamlet check-world", description="Check a world's map, personas and scenarios."
    )
    parser.add_argument(
        "world", help="a world's folder or map file, or the name of an installed world"
    )
    args = parser.parse_args(argv)
    world_root(args.world)  # no world at all is the user's mistake, not a failed check
    report = check_world(args.world)
    print(report.render())
    return 0 if report.ok else 1
