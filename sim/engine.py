"""One tick of the town: move, perceive, wake, decide, apply, record.

`run_tick` is the whole step; it touches the world state and calls the
executor, and returns what the run folder should record. Files, progress and
checkpoints are the caller's business (`sim.simulation`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from agents.contract import AgentView, Decision, Perception, WakeReason
from agents.llm import CallRecord
from sim.clock import GameClock
from sim.decisions import TickRules, apply_decisions
from sim.events import (
    AgentErrorEvent,
    DayStartedEvent,
    Event,
    MemoryInjectedEvent,
    UtteranceEvent,
    WokenEvent,
)
from sim.executors import Executor, OnWait
from sim.frames import AgentFrame, Frame, InspectorFrame
from sim.hosting import HostResult
from sim.movement import advance
from sim.perception import Survey
from sim.population import Delivery
from sim.world_map import WorldMap
from sim.world_state import Body, WorldState


@dataclass(frozen=True)
class EngineRules(TickRules):
    """The world's rules for a tick, beyond applying decisions."""

    attention_bandwidth: int = 8
    salience_cooldown: int = 30


@dataclass
class TickOutcome:
    """What one tick produced, for the run folder and the progress display."""

    tick: int
    time: str
    events: list[Event]
    frame: Frame
    calls: list[CallRecord]  # logged this tick; each names the tick that asked for it
    awake: dict[str, tuple[WakeReason, ...]] = field(default_factory=dict)


def run_tick(
    state: WorldState,
    world_map: WorldMap,
    clock: GameClock,
    executor: Executor,
    rules: EngineRules,
    injections: list[Delivery] = (),  # type: ignore[assignment]
    on_wait: OnWait | None = None,
) -> TickOutcome:
    """Advance the town by one tick; `on_wait` hears of model requests while agents think."""
    tick = state.tick
    time = clock.time(tick).isoformat()
    events: list[Event] = []
    if clock.starts_day(tick):
        events.append(
            DayStartedEvent(tick=tick, time=time, day=clock.time(tick).date().isoformat())
        )
    events += [event for _, event in deliver(state, injections, tick=tick, time=time)]
    events += advance(state, world_map, tick=tick, time=time)
    awake = sense(state, world_map, clock, rules, tick=tick)
    events += [WokenEvent(tick=tick, time=time, agent=p.agent, reasons=list(p.wake)) for p in awake]
    result = executor.decide(awake, on_wait) if awake else HostResult()
    events += [
        AgentErrorEvent(tick=tick, time=time, agent=name, error=error)
        for name, error in sorted(result.errors.items())
    ]
    events += apply_decisions(state, world_map, result.decisions, rules, tick=tick, time=time)
    frame = build_frame(state, world_map, tick, time, events, result.views, result.decisions)
    state.tick += 1
    return TickOutcome(
        tick=tick,
        time=time,
        events=events,
        frame=frame,
        calls=result.calls,
        awake={p.agent: p.wake for p in awake},
    )


def deliver(
    state: WorldState,
    injections: list[Delivery],
    *,
    tick: int,
    time: str,
    agents: Collection[str] | None = None,
) -> list[tuple[int, MemoryInjectedEvent]]:
    """Hand the memories due at `tick` to their agents (of `agents`, if given).

    Each event comes with the injection's place in the list, the order lock-step logs them in.
    """
    delivered = []
    for i, injection in enumerate(injections):
        if injection.at_tick != tick or injection.agent not in (agents or state.bodies):
            continue
        state.body(injection.agent).injected.append(injection.text)
        event = MemoryInjectedEvent(
            tick=tick, time=time, agent=injection.agent, text=injection.text
        )
        delivered.append((i, event))
    return delivered


def sense(
    state: WorldState,
    world_map: WorldMap,
    clock: GameClock,
    rules: EngineRules,
    *,
    tick: int,
    agents: Collection[str] | None = None,
) -> list[Perception]:
    """Every agent's (of `agents`, if given) look at `tick`, remembered; the woken perceive."""
    survey = Survey(
        state,
        world_map,
        clock,
        tick=tick,
        first_tick=tick == 0,
        vision_radius=rules.vision_radius,
        bandwidth=rules.attention_bandwidth,
        cooldown=rules.salience_cooldown,
        agents=agents,
    )
    awake = [survey.perception(name) for name in survey.woken()]
    survey.remember()
    return awake


def build_frame(
    state: WorldState,
    world_map: WorldMap,
    tick: int,
    time: str,
    events: list[Event],
    views: dict[str, AgentView],
    decisions: list[Decision],
) -> Frame:
    """The town as the viewer should draw it at the end of this tick."""
    spoken = {e.agent: e for e in events if isinstance(e, UtteranceEvent)}
    decided = {d.agent for d in decisions}
    return Frame(
        tick=tick,
        time=time,
        agents=[agent_frame(body, world_map, spoken, decided) for body in state.ordered()],
        objects=dict(sorted(state.objects.items())),
        inspector=inspector_frames(views),
    )


def agent_frame(
    body: Body, world_map: WorldMap, spoken: dict[str, UtteranceEvent], decided: set[str]
) -> AgentFrame:
    """One agent at the end of a tick: where, doing what, what it said."""
    said = spoken.get(body.name)
    action = body.action
    return AgentFrame(
        name=body.name,
        tile=body.tile,
        place=world_map.place_at(body.tile),
        action="talking" if body.conversation else (action.description if action else "idle"),
        emoji=action.emoji if action else "",
        path=list(body.path),
        utterance=said.text if said else None,
        listener=said.listener if said else None,
        conversation=body.conversation or (said.conversation if said else None),
        awake=body.name in decided,
    )


def inspector_frames(views: dict[str, AgentView]) -> dict[str, InspectorFrame]:
    """What the inspector shows of the agents that thought this tick, in name order."""
    return {
        name: InspectorFrame(
            summary=view.summary,
            plan=list(view.plan),
            recent_memories=list(view.recent_memories),
            important_memories=list(view.important_memories),
            conversation=list(view.conversation),
        )
        for name, view in sorted(views.items())
    }
