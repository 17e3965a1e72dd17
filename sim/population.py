"""The town's people: agent specs and starting tiles from a world and a scenario."""

from __future__ import annotations

from dataclasses import dataclass

from agents.persona import Persona
from agents.phrasing import relation_sentence
from agents.spec import AgentSpec, SeededMemory
from sim.clock import GameClock, parse_game_time
from sim.config import Injection, RunConfig
from sim.errors import WorldError
from sim.scenario import Scenario
from sim.world_loader import World
from sim.world_map import WorldMap

Tile = tuple[int, int]

# Places anyone in town knows of without having been told.
PUBLIC_KINDS = frozenset(
    {
        "cafe",
        "bar",
        "park",
        "shop",
        "grocery",
        "pharmacy",
        "library",
        "school",
        "college",
        "town hall",
        "townhall",
        "market",
        "square",
        "restaurant",
        "public",
    }
)


@dataclass(frozen=True)
class Delivery:
    """A memory put into an agent at a game time (the paper's "inner voice")."""

    agent: str
    text: str
    at_tick: int


def subtrees(world_map: WorldMap) -> dict[str, list[str]]:
    """Every address on the map under its top-level place's name, in the map's order."""
    found: dict[str, list[str]] = {}
    for address in world_map.addresses():
        found.setdefault(address.split(":")[0], []).append(address)
    return found


def known_places(
    world_map: WorldMap, persona: Persona, under: dict[str, list[str]] | None = None
) -> tuple[str, ...]:
    """What a persona knows of the town at the start: home, work, and public places.

    `under` is the map's `subtrees`, computed once for a whole town when given.
    """
    under = subtrees(world_map) if under is None else under
    known: list[str] = []
    for address in (persona.home, persona.workplace):
        if address:
            known += under.get(address.split(":")[0], [])
    for area in world_map.areas.values():
        if area.kind.lower() in PUBLIC_KINDS:
            known += under.get(area.name.split(":")[0], [])
    return tuple(dict.fromkeys(known))


# How much each kind of persona-given memory matters (1-10), fixed so that a
# town's first tick does not spend a rating call per agent on its own persona.
IMPORTANCE_CURRENTLY = 5
IMPORTANCE_RELATIONSHIP = 5
IMPORTANCE_ROUTINE = 3


def persona_memories(persona: Persona) -> list[SeededMemory]:
    """The memories every persona starts with: its concerns, relationships and routine."""
    memories = []
    if persona.currently:
        memories.append(
            SeededMemory(
                text=f"{persona.name} is {persona.currently}", importance=IMPORTANCE_CURRENTLY
            )
        )
    memories += [
        SeededMemory(
            text=relation_sentence(other, persona.first_name, relation),
            importance=IMPORTANCE_RELATIONSHIP,
        )
        for other, relation in persona.relationships.items()
    ]
    if persona.daily_routine:
        memories.append(
            SeededMemory(
                text=f"{persona.first_name}'s usual day: " + "; ".join(persona.daily_routine),
                importance=IMPORTANCE_ROUTINE,
            )
        )
    return memories


def build_specs(world: World, scenario: Scenario, config: RunConfig) -> list[AgentSpec]:
    """One spec per persona taking part in the scenario, in name order, as the run configures."""
    wanted = set(scenario.agents) if scenario.agents else None
    places = tuple(world.map.addresses())
    under = subtrees(world.map)
    specs = []
    for persona in sorted(world.personas, key=lambda p: p.name):
        if wanted is not None and persona.name not in wanted:
            continue
        seeded = [
            SeededMemory(text=m.text, importance=m.importance)
            for m in scenario.memories
            if m.agent == persona.name and m.at is None
        ]
        specs.append(
            AgentSpec(
                persona=persona,
                kind=config.agent_kind,
                seed=config.seed,
                places=places,
                known_places=known_places(world.map, persona, under),
                memories=tuple(persona_memories(persona) + seeded),
                mind=config.mind,
                max_conversation_turns=config.max_conversation_turns,
                background_thinking=config.background_thinking,
            )
        )
    return specs


def injections(scenario: Scenario, clock: GameClock, extra: list[Injection]) -> list[Delivery]:
    """Timed memories (the scenario's, then the run's own) as ticks at which to deliver them.

    A memory of the run's own without a time is delivered at the first tick.
    """
    timed = [
        Delivery(agent=m.agent, text=m.text, at_tick=clock.tick_at(m.at))
        for m in scenario.memories
        if m.at is not None
    ]
    return timed + [
        Delivery(
            agent=m.agent,
            text=m.text,
            at_tick=clock.tick_at(parse_game_time(m.at, clock.start)) if m.at else 0,
        )
        for m in extra
    ]


def start_tile(world_map: WorldMap, persona: Persona) -> Tile:
    """Where a persona appears: its spawn point, or a spot in its home."""
    for name in (persona.spawn, persona.name):
        if name and name in world_map.spawns:
            return world_map.spawns[name].tile
    home = world_map.resolve(persona.home)
    tiles = world_map.target_tiles(home) if home else ()
    if not tiles:
        raise WorldError(
            f"persona {persona.name!r}: no spawn point and no free tile at home {persona.home!r}"
        )
    return tiles[0]
