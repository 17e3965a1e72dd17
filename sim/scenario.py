"""A scenario: how a run of a world begins and what its analysis should measure.

A small YAML file in `worlds/<world>/scenarios/`: the start time, which
personas take part, memories seeded at the start or whispered at a game time,
and the measures (the fact whose spread to track, the event to attend).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from agents.spec import SeededMemory
from sim.errors import WorldError
from sim.world_loader import World, read_yaml, yaml_line


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioMemory(_Strict):
    """Something one agent knows: from the start (`at` empty) or from game time `at`."""

    agent: str = Field(min_length=1)
    text: str = Field(min_length=1)
    at: datetime | None = None
    importance: int | None = Field(None, ge=1, le=10)


class EventWindow(_Strict):
    """A gathering to measure attendance at: where, from when, until when."""

    place: str = Field(min_length=1, description='an address on the map, e.g. "Copper Kettle"')
    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ends_after_start(self) -> EventWindow:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self


class Measures(_Strict):
    """What the analysis of a run looks for."""

    fact: str | None = Field(None, description="the piece of news whose diffusion is tracked")
    fact_keywords: list[str] = Field(default_factory=list)
    event: EventWindow | None = None
    host: str | None = Field(None, description="the persona who hosts the event")
    candidate: str | None = Field(None, description="the persona running for office")


class Scenario(_Strict):
    """How a run begins: start time, cast, seeded memories, and what to measure."""

    name: str = ""
    description: str = Field(min_length=1)
    start: datetime = Field(description="game time of tick 0")
    hours: float | None = Field(None, gt=0, description="default run length in game hours")
    agents: list[str] | None = Field(None, description="the personas who take part; default all")
    memories: list[ScenarioMemory] = Field(default_factory=list)
    measures: Measures = Field(default_factory=Measures)

    def cast(self, world: World) -> list[str]:
        """The names of the personas in this run, in the world's order."""
        chosen = set(self.agents) if self.agents is not None else None
        return [p.name for p in world.personas if chosen is None or p.name in chosen]

    def memories_for(self, agent: str) -> tuple[SeededMemory, ...]:
        """The memories seeded into one agent, ready for its `AgentSpec`."""
        return tuple(
            SeededMemory(text=m.text, at=m.at, importance=m.importance)
            for m in self.memories
            if m.agent == agent
        )


def load_scenario(world: World, name: str) -> Scenario:
    """Read and check `scenarios/<name>.yaml` of a world against its personas and map."""
    path = world.root / "scenarios" / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(world.scenario_names) or "none"
        raise WorldError(f'{path}: no scenario named "{name}" (scenarios: {known})')
    return read_scenario(path, world, name)


def read_scenario(path: Path, world: World, name: str) -> Scenario:
    """Read and check one scenario file, wherever it is, against a world's personas and map."""
    data = read_yaml(path, "scenario")
    if not isinstance(data, dict):
        raise WorldError(f"{path}: expected a YAML mapping (description: ..., start: ...)")
    try:
        scenario = Scenario.model_validate({"name": name, **data})
    except ValidationError as exc:
        raise WorldError("\n".join(_problem(path, data, err) for err in exc.errors())) from exc
    problems = _cross_check(path, data, scenario, world)
    if problems:
        raise WorldError("\n".join(problems))
    return scenario


def _cross_check(path: Any, data: Any, scenario: Scenario, world: World) -> list[str]:
    """Names and places that must exist in the world; times that must follow the start."""
    known = [p.name for p in world.personas]
    cast = set(scenario.cast(world))
    problems = []

    def report(loc: tuple, message: str) -> None:
        field = ".".join(str(p) for p in loc)
        problems.append(f'{path}:{yaml_line(data, loc)}: field "{field}": {message}')

    for i, agent in enumerate(scenario.agents or []):
        if agent not in known:
            report(("agents", i), f'"{agent}" is not a persona (personas: {", ".join(known)})')
    for i, memory in enumerate(scenario.memories):
        if memory.agent not in known:
            report(
                ("memories", i, "agent"),
                f'"{memory.agent}" is not a persona (personas: {", ".join(known)})',
            )
        elif memory.agent not in cast:
            report(("memories", i, "agent"), f'"{memory.agent}" is not in this scenario\'s agents')
        if memory.at is not None and memory.at < scenario.start:
            report(("memories", i, "at"), f"{memory.at} is before the scenario's start")
    measures = scenario.measures
    for field in ("host", "candidate"):
        value = getattr(measures, field)
        if value is not None and value not in known:
            report(
                ("measures", field), f'"{value}" is not a persona (personas: {", ".join(known)})'
            )
    if measures.event is not None:
        place = measures.event.place
        places = set(world.map.areas) | set(world.map.rooms) | set(world.map.objects)
        if place not in places:
            areas = ", ".join(sorted(world.map.areas))
            report(("measures", "event", "place"), f'"{place}" is not on the map (areas: {areas})')
    if measures.fact_keywords and not measures.fact:
        report(("measures", "fact_keywords"), 'needs "fact", the news the keywords stand for')
    return problems


def _problem(path: Any, data: Any, err: dict) -> str:
    loc = tuple(err.get("loc", ()))
    field = ".".join(str(p) for p in loc) or "(whole file)"
    kind = err.get("type", "")
    if kind == "missing":
        what = "missing; this field is required"
    elif kind == "extra_forbidden":
        what = "unknown field"
    else:
        what = f"{err.get('msg', 'invalid')} (got {err.get('input')!r:.60})"
    return f'{path}:{yaml_line(data, loc)}: field "{field}": {what}'
