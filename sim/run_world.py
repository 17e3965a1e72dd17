"""The town a run was made in, kept in its run folder: map, personas and scenario.

When a run starts it writes `world/map.tmj`, `world/personas.yaml` and
`world/scenario.yaml`, in the formats the world loader reads, so that its
analysis and its interviews see the town as the run saw it, whatever happens
to `worlds/` afterwards. Forks copy the folder; resumes leave it as it is.
A run folder from before these files were kept is read from its world
folder as that folder is now, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.location_tree import load_world_map
from sim.run_folder import copy_world, write_atomic
from sim.scenario import Scenario, load_scenario, read_scenario
from sim.world_loader import MAP_FILES, World, load_personas, load_world

WORLD_DIR = "world"
PERSONAS_FILE = "personas.yaml"
SCENARIO_FILE = "scenario.yaml"


@dataclass(frozen=True)
class RunWorld:
    """A run's world and scenario, and whether they are the run's own or today's."""

    world: World
    scenario: Scenario
    kept: bool  # read from the run folder; False: from the world folder as it is now

    @property
    def source(self) -> Path:
        """The folder the personas and scenario were read from."""
        return self.world.root


def keep_world(world: World, scenario: Scenario, folder: Path) -> None:
    """Write the map, the personas and the scenario a run starts with into `folder`."""
    copy_world(world.map.path, folder)
    personas = [persona.model_dump(mode="json") for persona in world.personas]
    write_atomic(
        folder / PERSONAS_FILE,
        f'# The personas of world "{world.name}" as this run loaded them from {world.root}.\n'
        + _yaml(personas),
    )
    write_atomic(
        folder / SCENARIO_FILE,
        f'# Scenario "{scenario.name}" of world "{world.name}" as this run loaded it.\n'
        + _yaml(scenario.model_dump(mode="json")),
    )


def has_kept_world(run_dir: Path) -> bool:
    """Whether a run folder keeps its own personas and scenario."""
    folder = run_dir / WORLD_DIR
    return all((folder / name).is_file() for name in (MAP_FILES[0], PERSONAS_FILE, SCENARIO_FILE))


def load_run_world(run_dir: Path, world: str, scenario: str) -> RunWorld:
    """The world and scenario of a run: those it kept, else the world folder's as they are now.

    `world` and `scenario` are the names in the run's configuration.
    """
    if not has_kept_world(run_dir):
        town = load_world(world)
        return RunWorld(town, load_scenario(town, scenario), kept=False)
    folder = run_dir / WORLD_DIR
    world_map = load_world_map(folder / MAP_FILES[0])
    town = World(
        name=_world_name(world),
        root=folder,
        map=world_map,
        personas=load_personas(folder / PERSONAS_FILE, world_map),
        scenario_names=[scenario],
    )
    return RunWorld(town, read_scenario(folder / SCENARIO_FILE, town, scenario), kept=True)


def _world_name(world: str) -> str:
    """A world's name from the name or path a run was given (a folder, or a map file in one)."""
    path = Path(world)
    return path.parent.name if path.suffix in (".tmj", ".json") else path.name


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
