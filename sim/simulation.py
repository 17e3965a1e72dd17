"""The Python API of a run: build a town, step it, run it, resume it.

```python
from sim import Simulation
with Simulation.from_world("tiny", backend="scripted", seed=7) as sim:
    sim.run(hours=2)
```
"""

from __future__ import annotations

import sys
import time as wallclock
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agents.llm import LLMConfig, serve
from agents.llm.factory import backend_name
from agents.llm.outage import EndpointOutage
from sim.analysis.reading import read_json
from sim.clock import GameClock
from sim.config import DEFAULT_WORLD, ConfigError, Injection, RunConfig, resolve_config
from sim.engine import EngineRules, TickOutcome, run_tick
from sim.errors import ActorLost
from sim.events import AgentErrorEvent, BudgetExhaustedEvent
from sim.executors import Executor, InlineExecutor, OnWait
from sim.forking import lay_out_fork, planned_ticks
from sim.frames import PATHS_ON_CHANGE, FrameHeader
from sim.interrupt import InterruptFlag
from sim.population import build_specs, injections, start_tile
from sim.progress import RunProgress
from sim.ray_executor import RayExecutor
from sim.run_folder import (
    Checkpoint,
    RunFolder,
    latest_checkpoint,
)
from sim.run_world import WORLD_DIR, keep_world, load_run_world
from sim.scenario import load_scenario
from sim.scheduler import OutOfOrder
from sim.summary import RunSummary, build_summary
from sim.totals import Totals
from sim.world_loader import load_world
from sim.world_state import Body, WorldState


def new_run_id(config: RunConfig) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{Path(config.world).name}-{config.scenario}-{stamp}"


def backend_label(config: RunConfig, host_llm: LLMConfig) -> str:
    """How the run's thinking is named wherever it shows: never mistaken for a model's."""
    if config.agent_kind == "rule-based":
        return "rule-based (no model)"
    return backend_name(host_llm)


class Simulation:
    """One run of a town: its world, its agents' hosts and its run folder."""

    def __init__(self, config: RunConfig, *, resume_from: Path | None = None) -> None:
        self.config = config
        if resume_from is None:
            self.world = load_world(config.world)
            self.scenario = load_scenario(self.world, config.scenario)
        else:  # a resume or a fork goes on in the town the run was made in
            town = load_run_world(resume_from, config.world, config.scenario)
            self.world, self.scenario = town.world, town.scenario
        self.clock = GameClock(self.scenario.start, config.tick_seconds)
        self.rules = EngineRules(
            tick_seconds=config.tick_seconds,
            vision_radius=config.vision_radius,
            max_conversation_turns=config.max_conversation_turns,
            attention_bandwidth=config.attention_bandwidth,
            salience_cooldown=config.salience_cooldown,
        )
        known = {p.name for p in self.world.personas}
        for memory in config.injections:
            if memory.agent not in known:
                raise ConfigError(
                    f"injection for {memory.agent!r}: no such persona in world "
                    f"{self.world.name!r} (known: {', '.join(sorted(known))})"
                )
        self.injections = injections(self.scenario, self.clock, config.injections)
        self.stop_reason: str | None = None
        self.out_of_order: OutOfOrder | None = None  # the last run's scheduler, when out of order
        self._stack = ExitStack()
        try:
            self._open(resume_from)
        except BaseException:
            self._stack.close()
            if resume_from is None and hasattr(self, "folder"):
                self.folder.discard_if_unstarted()  # a failed start leaves no litter
            raise

    def _open(self, resume_from: Path | None) -> None:
        config = self.config
        specs = build_specs(self.world, self.scenario, config)
        run_dir = resume_from or config.out / (config.run_id or new_run_id(config))
        if resume_from is None:
            self.folder = RunFolder.create(run_dir, config.model_dump(mode="json"))
        else:
            checkpoint = latest_checkpoint(run_dir)
            self.folder = RunFolder.reopen(run_dir, checkpoint)
        self._stack.callback(self.folder.close)
        host_llm = self._stack.enter_context(serve(config.llm, log_path=run_dir / "llm_server.log"))
        self.backend = backend_label(config, host_llm)
        self.executor: Executor = self._make_executor(specs, host_llm)
        self._stack.callback(self.executor.close)
        if resume_from is None:
            self.state = WorldState(
                bodies={
                    spec.persona.name: Body(
                        name=spec.persona.name, tile=start_tile(self.world.map, spec.persona)
                    )
                    for spec in specs
                }
            )
            self.totals = Totals()
            keep_world(self.world, self.scenario, run_dir / WORLD_DIR)
            self.folder.write_header(
                FrameHeader(
                    run_id=run_dir.name,
                    world=self.world.name,
                    map_path="world/map.tmj",
                    backend=self.backend,
                    tick_seconds=config.tick_seconds,
                    start_time=self.clock.time(0).isoformat(),
                    agents=[spec.persona.name for spec in specs],
                    frame_format=PATHS_ON_CHANGE,
                )
            )
            self._checkpoint()
        else:
            self.state = checkpoint.world
            self.totals = checkpoint.totals
            self.executor.restore(checkpoint.agents)

    def _make_executor(self, specs: list, host_llm: Any) -> Executor:
        config = self.config
        if config.executor == "inline":
            return InlineExecutor(specs, host_llm, config.seed)
        return RayExecutor(
            specs,
            host_llm,
            config.seed,
            per_actor=config.agents_per_actor,
            address=config.address,
            restarts=config.actor_restarts,
        )

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_world(
        cls,
        world: str = DEFAULT_WORLD,
        *,
        backend: str | None = None,
        config_file: Path | None = None,
        **options: Any,
    ) -> Simulation:
        """A new run of a world; `options` are `RunConfig` fields (e.g. seed, executor)."""
        overrides: dict[str, Any] = {"world": str(world), **options}
        if backend:
            overrides.setdefault("llm", {})["backend"] = backend
        return cls(resolve_config(config_file, overrides))

    @classmethod
    def resume(cls, run_dir: Path | str) -> Simulation:
        """Continue a run from its last checkpoint, with the configuration it was started with."""
        run_dir = Path(run_dir)
        config = resolve_config(None, read_json(run_dir / "config.json"))
        return cls(config, resume_from=run_dir)

    @classmethod
    def fork(
        cls,
        parent_dir: Path | str,
        *,
        at: str | None = None,
        inject: list[Injection] = (),  # type: ignore[assignment]
        run_id: str | None = None,
        out: Path | None = None,
        hours: float | None = None,
        ticks: int | None = None,
    ) -> Simulation:
        """A new run that shares a run's past up to a checkpoint, then goes its own way.

        `at` is a game time ("HH:MM" on the run's first day, or ISO); the fork
        starts from the newest checkpoint at or before it. Memories in
        `inject` without a time are delivered at the fork's first tick. The
        fork runs `hours` or `ticks` past the fork point, or else to the
        parent's planned end; its config.json records that end as `ticks`
        and `hours` counted from the run's start, as every run's are.
        """
        config, fork_dir = lay_out_fork(
            Path(parent_dir), at=at, inject=inject, run_id=run_id, out=out, hours=hours, ticks=ticks
        )
        return cls(config, resume_from=fork_dir)

    # -- running --------------------------------------------------------------------

    @property
    def run_dir(self) -> Path:
        return self.folder.path

    @property
    def tick(self) -> int:
        """The next tick to run."""
        return self.state.tick

    def planned_ticks(self) -> int:
        """How many ticks the configuration asks for in all."""
        return planned_ticks(self.config, self.scenario, self.clock)

    def step(self, on_wait: OnWait | None = None) -> TickOutcome:
        """Run one tick and record it; checkpoint when one is due.

        Thinking a tick leaves to the background lands at the agent's next
        decision, at the next checkpoint, or when the block around the
        simulation ends (`run` checkpoints at its end).

        `on_wait` hears, about once a second while the agents think, how many
        model requests this tick has had answered (Ray executor only).
        """
        started = wallclock.perf_counter()
        outcome = run_tick(
            self.state,
            self.world.map,
            self.clock,
            self.executor,
            self.rules,
            self.injections,
            on_wait,
        )
        self.record(outcome, started)
        return outcome

    def record(self, outcome: TickOutcome, started: float) -> None:
        """Write a finished tick (`started`: when its wall time began); checkpoint when due.

        The world state must be at the tick after it (`self.state.tick`).
        """
        self.totals.add_calls(outcome.calls)
        reason = self.totals.over_budget(self.config.budget_tokens, self.config.budget_usd)
        if reason:
            outcome.events.append(
                BudgetExhaustedEvent(tick=outcome.tick, time=outcome.time, reason=reason)
            )
            self.stop_reason = reason
        self.totals.ticks += 1
        self.totals.events += len(outcome.events)
        self.totals.wakes += len(outcome.awake)
        self.folder.write_tick(outcome.events, outcome.frame, outcome.calls)
        self.totals.wall_seconds += wallclock.perf_counter() - started
        every = self.config.checkpoint_every or self.clock.ticks_per_hour()
        if reason or self.state.tick % every == 0:
            self._checkpoint()

    def run(
        self,
        *,
        hours: float | None = None,
        ticks: int | None = None,
        progress: bool | None = None,
        stop_when: Callable[[], str | None] | None = None,
    ) -> RunSummary:
        """Run until the planned end (or for `hours`/`ticks` more); return the summary.

        Ctrl-C finishes the tick in progress, checkpoints and stops cleanly; a
        second Ctrl-C stops at once. `stop_when`, asked after every tick, may
        give a reason to stop early.
        """
        if ticks is None and hours is not None:
            ticks = self.clock.ticks_for(hours=hours)
        end = self.state.tick + ticks if ticks is not None else self.planned_ticks()
        show = sys.stderr.isatty() if progress is None else progress
        interrupted = InterruptFlag()
        started = wallclock.perf_counter()
        first = self.state.tick
        bar = RunProgress(
            end, enabled=show, start_tick=first, game_time=self.clock.time(first).isoformat(" ")
        )

        def after(outcome: TickOutcome) -> str | None:
            elapsed = max(wallclock.perf_counter() - started, 1e-9)
            bar.update(
                tick=outcome.tick,
                game_time=outcome.time.replace("T", " "),
                awake=len(outcome.awake),
                calls=self.totals.all.calls,
                rate=(outcome.tick + 1 - first) / elapsed,
            )
            if interrupted.set:
                self.stop_reason = "interrupted (Ctrl-C)"
            elif stop_when is not None and not self.stop_reason:
                self.stop_reason = stop_when()
            return self.stop_reason

        with interrupted, bar:
            if self.config.scheduler == "out-of-order":
                self.out_of_order = OutOfOrder(self, end, after)
                try:
                    self.out_of_order.run()
                except (EndpointOutage, ActorLost) as exc:
                    raise self._stopped_by(exc) from None
            while self.state.tick < end and not self.stop_reason:
                try:
                    outcome = self.step(on_wait=self._reporter(bar) if show else None)
                except (EndpointOutage, ActorLost) as exc:
                    raise self._stopped_by(exc) from None
                after(outcome)
        if self.state.tick % (self.config.checkpoint_every or self.clock.ticks_per_hour()):
            self._checkpoint()
        summary = self.summary(completed=self.state.tick >= end)
        self.folder.write_summary(summary)
        return summary

    def _stopped_by(self, fault: EndpointOutage | ActorLost) -> EndpointOutage | ActorLost:
        """The fault that stops the run, saying where it stopped and how to go on."""
        when = " once the endpoint answers" if isinstance(fault, EndpointOutage) else ""
        return type(fault)(
            f"{fault}; the run stopped in tick {self.state.tick}: resume it from its last "
            f"checkpoint with --resume {self.run_dir}{when}"
        )

    def _reporter(self, bar: RunProgress) -> OnWait:
        """What the progress line hears while a tick waits: answers, or an outage."""
        status = getattr(self.executor, "endpoint_status", None)
        return lambda answered: bar.thinking(answered, status() if status else None)

    def summary(self, *, completed: bool) -> RunSummary:
        """The run's figures so far; `completed` says whether it reached its planned end."""
        return build_summary(
            run_id=self.run_dir.name,
            config=self.config,
            backend=self.backend,
            clock=self.clock,
            totals=self.totals,
            ticks_done=self.state.tick,
            agents=len(self.state.bodies),
            stop_reason=self.stop_reason or ("completed" if completed else "stopped"),
        )

    def _checkpoint(self) -> None:
        self._settle()
        self.folder.write_checkpoint(
            Checkpoint(
                tick=self.state.tick - 1,
                world=self.state,
                agents=self.executor.snapshot(self.folder.checkpoint_since()),
                totals=self.totals,
                offsets=self.folder.offsets(),
            )
        )

    def _settle(self) -> None:
        """Land the agents' background thinking and log what it produced.

        Its calls (and any error, as an event of the last tick) are written
        before a checkpoint measures the logs, so a resume keeps them.
        """
        settled = self.executor.settle()
        tick = max(self.state.tick - 1, 0)
        time = self.clock.time(tick).isoformat()
        events = [
            AgentErrorEvent(tick=tick, time=time, agent=name, error=error)
            for name, error in sorted(settled.errors.items())
        ]
        self.totals.add_calls(settled.calls)
        self.totals.events += len(events)
        self.folder.write_settled(events, settled.calls)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Simulation:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        try:
            if exc_type is None:  # a run stepped by hand logs its last thinking too
                self._settle()
        finally:
            self.close()
