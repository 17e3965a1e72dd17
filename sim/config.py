"""The run's configuration: one pydantic model, from defaults, a TOML file and flags."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from agents.llm import LLMConfig
from agents.spec import MindConfig
from sim.errors import ConfigError
from sim.packing import PerActor

DEFAULT_WORLD = "oakhollow"
# How long a run waits for an unreachable endpoint before it stops to be resumed.
DEFAULT_MAX_OUTAGE_S = 600.0


class ParentRun(BaseModel):
    """The run a fork was started from, and the last tick they share."""

    model_config = ConfigDict(extra="forbid")

    run_dir: str
    tick: int


class Injection(BaseModel):
    """A memory to put into an agent during a run (the paper's "inner voice").

    `at` is a game time, "HH:MM" on the run's first day or ISO; empty means
    the run's first tick.
    """

    model_config = ConfigDict(extra="forbid")

    agent: str = Field(min_length=1)
    text: str = Field(min_length=1)
    at: str | None = None


class RunConfig(BaseModel):
    """Everything that decides what a run does; written to the run folder as config.json."""

    model_config = ConfigDict(extra="forbid")

    world: str = DEFAULT_WORLD
    scenario: str = "baseline"
    hours: float | None = Field(None, gt=0, description="game hours to run; default: scenario's")
    ticks: int | None = Field(None, ge=1, description="ticks to run; overrides hours")
    seed: int = 0
    executor: Literal["ray", "inline"] = "ray"
    scheduler: Literal["lockstep", "out-of-order"] | None = Field(
        None,
        description="lockstep: a tick waits for everyone; out-of-order: see DESIGN; "
        "default: out-of-order against an endpoint, lockstep elsewhere",
    )
    agents_per_actor: PerActor = Field(
        "auto", description="residents in one Ray actor; auto: one each where the cluster holds it"
    )
    address: str | None = Field(None, description="an existing Ray cluster to join")
    actor_restarts: int = Field(
        3,
        ge=0,
        description="times an actor whose process died is replaced between two checkpoints",
    )
    out: Path = Path("runs")
    run_id: str | None = None
    agent_kind: Literal["generative", "rule-based"] = "generative"
    tick_seconds: int = Field(10, ge=1, le=3600)
    checkpoint_every: int | None = Field(None, ge=1, description="ticks; default one game hour")
    vision_radius: int = Field(4, ge=0)
    attention_bandwidth: int = Field(8, ge=1)
    salience_cooldown: int = Field(30, ge=0, description="ticks between two wakes for salience")
    max_conversation_turns: int = Field(
        8, ge=2, description="lines before the engine ends a conversation; the minds are told it"
    )
    background_thinking: bool = Field(
        True,
        description="what a decision does not need (importance ratings, conversation gists, "
        "reflection) runs beside the next ticks and lands at the agent's next decision",
    )
    budget_tokens: int | None = Field(None, ge=1)
    budget_usd: float | None = Field(None, gt=0)
    injections: list[Injection] = Field(
        default_factory=list, description="memories put into agents at a game time"
    )
    parent: ParentRun | None = None
    llm: LLMConfig = LLMConfig()
    mind: MindConfig = MindConfig()

    @field_validator("agents_per_actor", mode="before")
    @classmethod
    def _a_count_or_auto(cls, value: Any) -> Any:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if value == "auto" or (type(value) is int and value >= 1):
            return value
        raise ValueError('expected a whole number from 1, or "auto"')

    @model_validator(mode="before")
    @classmethod
    def _one_conversation_cap(cls, data: Any) -> Any:
        """Read a cap under `mind` (as older run folders' config.json has it) as the run's own."""
        mind = data.get("mind") if isinstance(data, dict) else None
        if not isinstance(mind, dict) or "max_conversation_turns" not in mind:
            return data
        mind = dict(mind)
        cap = mind.pop("max_conversation_turns")
        if data.get("max_conversation_turns", cap) != cap:
            raise ValueError(
                "mind.max_conversation_turns differs from max_conversation_turns; "
                "set max_conversation_turns only"
            )
        return {**data, "mind": mind, "max_conversation_turns": cap}

    @model_validator(mode="after")
    def _mind_for_the_backend(self) -> RunConfig:
        chosen = {
            "day_plan": self.mind.day_plan or default_day_plan(self.llm),
            "reaction_questions": self.mind.reaction_questions
            or default_reaction_questions(self.llm),
        }
        self.mind = self.mind.model_copy(update=chosen)
        return self

    @model_validator(mode="after")
    def _scheduler_for_the_backend(self) -> RunConfig:
        if self.scheduler is None:
            self.scheduler = default_scheduler(self.llm)
        return self

    @model_validator(mode="after")
    def _a_run_waits_out_an_outage(self) -> RunConfig:
        """A run waits for an endpoint that is down rather than filling up with fallbacks."""
        if self.llm.max_outage_s is None:
            self.llm = self.llm.model_copy(update={"max_outage_s": DEFAULT_MAX_OUTAGE_S})
        return self


def default_day_plan(llm: LLMConfig) -> Literal["model", "routine"]:
    """Where day plans come from unless configured: the persona's routine on the embedded model.

    The embedded 135M model fails to plan a day most of the time (its plans
    come back empty even after a repair), so asking it costs calls for the
    routine it falls back to. A replay plans as the recorded run did.
    """
    if llm.backend == "local":
        return "routine"
    if llm.backend == "replay":
        return "routine" if recorded_mind(llm.replay_from).get("day_plan") == "routine" else "model"
    return "model"


def default_reaction_questions(llm: LLMConfig) -> Literal["in-turn", "at-once"]:
    """At once where a model round-trip is the cost (an endpoint); in turn elsewhere.

    The embedded model answers on this machine's CPUs, where a call asked for
    nothing costs what it saves. A replay asks as the recorded run did, so
    that every call it makes was recorded.
    """
    if llm.backend == "replay":
        recorded = recorded_mind(llm.replay_from).get("reaction_questions")
        return "at-once" if recorded == "at-once" else "in-turn"
    return "at-once" if llm.backend == "openai" else "in-turn"


def recorded_mind(run_dir: Path | None) -> dict[str, Any]:
    """The mind settings a run folder's `config.json` records; empty when they cannot be read
    (or a setting was not recorded: the run predates it)."""
    if run_dir is None:
        return {}
    try:
        recorded = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
        mind = recorded["mind"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return mind if isinstance(mind, dict) else {}


def default_scheduler(llm: LLMConfig) -> Literal["lockstep", "out-of-order"]:
    """Out of order where the model's latency is the cost (an endpoint); lock-step elsewhere.

    Against an endpoint, residents who cannot affect each other need not wait
    for each other's calls. The embedded model and the scripted backend answer
    on this machine's CPUs, which the out-of-order scheduler's own work would
    take from them.
    """
    return "out-of-order" if llm.backend == "openai" else "lockstep"


def _describe(error: ValidationError, source: str) -> str:
    lines = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"]) or "(top level)"
        lines.append(f"{source}: field {field!r}: {item['msg']}")
    return "\n".join(lines)


def read_config_file(path: Path) -> dict[str, Any]:
    """The settings in a TOML file, as nested dicts, with errors that name the file and line."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: configuration file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve_config(file: Path | None = None, overrides: dict[str, Any] | None = None) -> RunConfig:
    """Defaults, then the TOML file, then the overrides (flags): the resolved configuration."""
    data: dict[str, Any] = read_config_file(file) if file else {}
    if overrides:
        data = _merge(data, overrides)
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(file) if file else "options")) from exc
