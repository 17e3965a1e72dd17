"""Load a world from disk: its map, its personas and the names of its scenarios.

A world is a folder: `map.tmj` (Tiled JSON), `personas.yaml` (a list of
personas) and `scenarios/<name>.yaml`. `load_world("tiny")` looks in the
installed `worlds/` package; a path is used as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agents.persona import Persona
from sim.errors import WorldError
from sim.location_tree import load_world_map
from sim.world_map import Tile, WorldMap

MAP_FILES = ("map.tmj", "map.json")


@dataclass(frozen=True)
class World:
    """A town ready to run: map, the people who live there, the scenarios on offer."""

    name: str
    root: Path
    map: WorldMap
    personas: list[Persona]
    scenario_names: list[str]

    def persona(self, name: str) -> Persona:
        """The persona called `name`; KeyError naming the known ones otherwise."""
        for persona in self.personas:
            if persona.name == name:
                return persona
        known = ", ".join(p.name for p in self.personas)
        raise KeyError(f'world "{self.name}" has no persona "{name}" (known: {known})')

    def spawn_tile(self, persona: Persona) -> Tile:
        """Where a persona starts: its spawn point, one named after it, else its home."""
        for key in (persona.spawn, persona.name):
            if key and key in self.map.spawns:
                return self.map.spawns[key].tile
        tiles = self.map.target_tiles(persona.home)
        if not tiles:
            raise WorldError(f'{self.root}: persona "{persona.name}": home has no walkable tile')
        return tiles[0]


def world_root(name_or_path: str | Path) -> Path:
    """The folder of a world named in the `worlds` package, or the given path."""
    candidate = Path(name_or_path)
    if candidate.exists():
        return candidate.parent if candidate.is_file() else candidate
    text = str(name_or_path)
    if "/" not in text and "\\" not in text:
        packaged = installed_worlds_dir() / text
        if packaged.is_dir():
            return packaged
    known = ", ".join(sorted(p.name for p in installed_worlds_dir().iterdir() if _is_world(p)))
    raise WorldError(f"{name_or_path}: no such world folder (installed worlds: {known or 'none'})")


def installed_worlds_dir() -> Path:
    """The folder of the `worlds` package, where named worlds live."""
    import worlds

    return Path(worlds.__file__).parent


def load_world(name_or_path: str | Path) -> World:
    """Load and check a whole world: map, personas, scenario names."""
    given = Path(name_or_path)
    root = world_root(name_or_path)
    if given.is_file():
        map_path = given
    else:
        map_path = next((root / f for f in MAP_FILES if (root / f).is_file()), root / MAP_FILES[0])
        if not map_path.is_file():
            raise WorldError(f"{root}: no map file; expected {' or '.join(MAP_FILES)}")
    world_map = load_world_map(map_path)
    personas = load_personas(root / "personas.yaml", world_map)
    scenarios_dir = root / "scenarios"
    names = sorted(p.stem for p in scenarios_dir.glob("*.yaml")) if scenarios_dir.is_dir() else []
    return World(root.name, root, world_map, personas, names)


def load_personas(path: Path, world_map: WorldMap) -> list[Persona]:
    """Read and check a personas file against the map; every problem is listed."""
    data = read_yaml(path, "personas file")
    if not isinstance(data, list) or not data:
        raise WorldError(f"{path}: expected a YAML list of personas (- name: ...)")
    problems: list[str] = []
    personas: list[Persona] = []
    indexes: list[int] = []  # each persona's position in the file, for line numbers
    lines: dict[str, int] = {}
    for index, entry in enumerate(data):
        where = f"{path}:{_line(data, (index,))}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: persona #{index + 1}: expected a mapping of fields")
            continue
        who = f'persona "{entry.get("name")}"' if entry.get("name") else f"persona #{index + 1}"
        try:
            persona = Persona.model_validate(dict(entry))
        except ValidationError as exc:
            problems += [_field_problem(path, data, (index,), who, err) for err in exc.errors()]
            continue
        if persona.name in lines:
            problems.append(
                f'{where}: {who}: field "name": a second persona named "{persona.name}" '
                f"(the first is at line {lines[persona.name]})"
            )
            continue
        lines[persona.name] = _line(data, (index,))
        personas.append(persona)
        indexes.append(index)
        problems += _place_problems(path, data, index, persona, world_map)
    names = {str(e.get("name")).strip() for e in data if isinstance(e, dict) and e.get("name")}
    for index, persona in zip(indexes, personas, strict=True):
        for other in persona.relationships:
            if other not in names or other == persona.name:
                why = "is the persona itself" if other == persona.name else "is not a persona here"
                line = _line(data, (index, "relationships", other))
                problems.append(
                    f'{path}:{line}: persona "{persona.name}": field "relationships": "{other}" '
                    f"{why} (personas: {', '.join(sorted(names))})"
                )
    if problems:
        raise WorldError("\n".join(problems))
    return personas


def _place_problems(
    path: Path, data: Any, index: int, persona: Persona, world_map: WorldMap
) -> list[str]:
    problems = []
    places = set(world_map.areas) | set(world_map.rooms)
    homes = sorted(a.name for a in world_map.areas.values() if a.kind == "home")
    workplaces = sorted(a.name for a in world_map.areas.values() if a.kind != "home")
    checks = [
        ("home", persona.home, homes, "homes"),
        ("workplace", persona.workplace, workplaces, "workplaces"),
    ]
    for field, value, known, noun in checks:
        if value is not None and value not in places:
            line = _line(data, (index, field))
            problems.append(
                f'{path}:{line}: persona "{persona.name}": field "{field}": location "{value}" '
                f"is not on the map (known {noun}: {_listing(known)})"
            )
    if persona.spawn is not None and persona.spawn not in world_map.spawns:
        problems.append(
            f'{path}:{_line(data, (index, "spawn"))}: persona "{persona.name}": field "spawn": '
            f'no spawn point "{persona.spawn}" on the map '
            f"(spawn points: {_listing(sorted(world_map.spawns))})"
        )
    return problems


def _listing(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (", ..." if len(names) > limit else "") if names else "none"


def _field_problem(path: Path, data: Any, base: tuple, who: str, err: dict) -> str:
    loc = tuple(err.get("loc", ()))
    field = ".".join(str(p) for p in loc) or "(whole entry)"
    kind = err.get("type", "")
    if kind == "missing":
        what = "missing; this field is required"
    elif kind == "extra_forbidden":
        what = "unknown field (known fields: " + ", ".join(Persona.model_fields) + ")"
    else:
        what = f"{err.get('msg', 'invalid')} (got {err.get('input')!r:.60})"
    return f'{path}:{_line(data, base + loc)}: {who}: field "{field}": {what}'


# --- YAML with line numbers ---------------------------------------------------------------------


class _LinedDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class _LinedList(list):
    """A YAML sequence that remembers the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


class _LinedLoader(yaml.SafeLoader):
    pass


class _FastLinedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser: a big town's personas file reads several times faster.

    Its syntax errors are worded differently, so a file it rejects is read again by
    `_LinedLoader` for the message.
    """


def _construct_mapping(loader: _LinedLoader, node: yaml.MappingNode) -> _LinedDict:
    result = _LinedDict(loader.construct_mapping(node, deep=True))
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f'duplicate key "{key}"', key_node.start_mark
            )
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LinedLoader, node: yaml.SequenceNode) -> _LinedList:
    result = _LinedList(loader.construct_sequence(node, deep=True))
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


for _loader in (_LinedLoader, _FastLinedLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    # Dates stay text: pydantic parses them and names the field and line when one is impossible.
    _loader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )


def read_yaml(path: Path, what: str = "file") -> Any:
    """Parse a YAML file keeping line numbers; syntax errors name the line and column."""
    if not path.is_file():
        raise WorldError(f"{path}: {what} not found")
    try:
        text = path.read_text(encoding="utf-8")
        try:
            return yaml.load(text, Loader=_FastLinedLoader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError:
            return yaml.load(text, Loader=_LinedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise WorldError(f"{where}: not valid YAML: {exc.problem or exc.context}") from exc
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        raise WorldError(f"{path}: cannot read {what}: {exc}") from exc


def yaml_line(data: Any, loc: tuple) -> int | str:
    """The line of the deepest node along `loc` (keys and indexes) in data from read_yaml."""
    return _line(data, loc)


def _line(data: Any, loc: tuple) -> int | str:
    line: int | str = getattr(data, "line", "?")
    node = data
    for part in loc:
        if isinstance(node, _LinedDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, _LinedList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def _is_world(folder: Path) -> bool:
    return folder.is_dir() and any((folder / f).is_file() for f in MAP_FILES)
