"""Out-of-order ticks: each resident runs its own tick as soon as nobody it could affect lags.

Residents that run the same tick and could affect each other at it run it
together, as a group (a lock-step tick restricted to them): step, perceive,
wake; their decisions go to the executor without waiting, and the group's
tick is applied when they come back, while other groups go on. Who may run
which tick is the independence rule's answer (`sim.independence`).

The record stays the lock-step one. A tick is written once every resident
has passed it, its events sorted back into lock-step order
(`sim.tick_record`) and the conversations it opened numbered
(`sim.conversation_numbers`). Nobody runs past a checkpoint tick until the
checkpoint is written; with a budget, nobody runs past a tick not yet
written (budgets are counted tick by tick, in order).
"""

from __future__ import annotations

import time as wallclock
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.conversation_numbers import number_opened, renamed
from sim.courses import WakeCalendar, course_of
from sim.decisions import apply_decision, close_unanswered
from sim.engine import TickOutcome, agent_frame, deliver, sense
from sim.events import (
    AgentErrorEvent,
    ArrivedEvent,
    ConversationEndedEvent,
    ConversationStartedEvent,
    DayStartedEvent,
    Event,
    ObjectStateEvent,
    UtteranceEvent,
    WokenEvent,
)
from sim.hosting import HostResult
from sim.independence import Course, Memo, coupled_at, free_ticks
from sim.movement import advance
from sim.reach import NEVER, reach_of
from sim.tick_record import DECIDED, FAILED, INJECTED, STEPPED, UNANSWERED, WOKEN, TickRecord

if TYPE_CHECKING:
    from sim.simulation import Simulation


@dataclass
class Flight:
    """A group's tick whose decisions are being made (or are made and wait to be applied)."""

    tick: int
    members: frozenset[str]
    number: int = 0  # the order it was started in
    events: list[Event] = field(default_factory=list)
    result: HostResult | None = None


class OutOfOrder:
    """Runs a simulation's town from its current tick to `end`, each resident at its own tick."""

    def __init__(
        self,
        sim: Simulation,
        end: int,
        on_tick: Callable[[TickOutcome], str | None],
    ) -> None:
        self.sim = sim
        self.state = sim.state
        self.end = end
        self.on_tick = on_tick
        self.reach = reach_of(
            sim.world.map,
            sim.rules.vision_radius,
            homes=[body.tile for body in self.state.bodies.values()],
            remote_release=False,  # only an action that occupied its object frees it
        )
        self.memo = Memo()
        self.known: tuple[int, dict[str, int]] | None = None  # free ticks read, and their limit
        self.course_of: dict[str, Course] = {}
        self.ids: dict[str, int] = {}  # each course's id in the memo
        self.calendar = WakeCalendar(sim.clock, sim.injections)
        self.names = sorted(self.state.bodies)
        self.tick_of = {name: self.state.tick for name in self.names}
        self.stale = set(self.names)  # residents whose course must be built again
        self.flying: dict[str, int] = {}
        self.flights: dict[int, Flight] = {}
        self.records: dict[int, TickRecord] = {}
        self.writes: list[tuple[int, str]] = []
        self.objects = dict(self.state.objects)
        self.numbers: dict[str, str] = {}  # conversations' opening names, numbered
        self.next_final = self.state.tick
        self.every = sim.config.checkpoint_every or sim.clock.ticks_per_hour()
        self.budgeted = bool(sim.config.budget_tokens or sim.config.budget_usd)
        self.started = wallclock.perf_counter()
        self.widest_lead = 0  # the most ticks one resident has run ahead of another
        self.overtakes = 0  # groups whose tick was applied before that of a group started earlier
        self.opened: list[str] = []  # conversations opened and not yet numbered, as applied
        self.renumbered = 0  # conversations whose number is not their place in that order
        self.flights_started = 0

    # -- the loop -------------------------------------------------------------------

    def run(self) -> None:
        while self.next_final < self.end:
            moved = self._start_all()
            moved = self._land_all() or moved
            self._finalize()
            if self.next_final >= self.end:
                break
            thinking = any(f.result is None for f in self.flights.values())
            results = self.sim.executor.collect(wait=thinking and not moved)
            for ticket, result in results.items():
                self.flights[ticket].result = result
            if not (moved or results or thinking):
                raise RuntimeError(f"out-of-order scheduler stalled at tick {self.next_final}")

    def _limit(self) -> int:
        """The last tick anyone may start now: the run's end, the next checkpoint, a budget."""
        checkpoint = (self.next_final // self.every + 1) * self.every - 1
        limit = min(self.end - 1, checkpoint)
        return min(limit, self.next_final) if self.budgeted else limit

    # -- starting groups --------------------------------------------------------------

    def _courses(self) -> list[Course]:
        """Every resident's course, built again for those whose body or tick changed."""
        for name in self.stale:
            course = course_of(
                self.state, name, self.tick_of[name], self.calendar, in_flight=name in self.flying
            )
            self.course_of[name] = course
            self.ids[name] = self.memo.id_of(course)
        self.stale.clear()
        return [self.course_of[name] for name in self.names]

    def _start_all(self) -> bool:
        moved = False
        while self._start_level():
            moved = True
        return moved

    def _start_level(self) -> bool:
        """Start every group of the lowest tick the rule lets run; False if none may run.

        Groups of one tick that start do not change what the rule says of each
        other (each one's place at that tick stays), so one reading serves all.
        """
        limit = self._limit()
        courses = self._courses()
        idle = [c for c in courses if c.name not in self.flying and c.tick <= limit]
        if not idle:
            return False
        lowest = min(self.tick_of.values())
        for tick in sorted({c.tick for c in idle}):
            level = [c for c in idle if c.tick == tick]
            if tick == lowest and not self.reach.remote_occupy:
                # Nobody lags behind it: only the residents in flight at this tick
                # could be too near, and the rule's reading of them needs no free ticks.
                flying = [c for c in courses if c.name in self.flying and c.tick == tick]
                startable = [
                    g
                    for g in self._groups(level)
                    if not any(coupled_at(a, b, tick, self.reach) for a in g for b in flying)
                ]
            else:
                free = self._free_ticks(courses, limit)
                startable = [
                    g for g in self._groups(level) if self._may_run(g, tick, courses, free)
                ]
            for group in startable:
                self._start(frozenset(c.name for c in group), tick)
            if startable:
                return True
        return False

    def _free_ticks(self, courses: list[Course], limit: int) -> dict[str, int]:
        """The rule's free ticks, read again after a landing that changed more than places.

        Starting a group leaves them sound: a resident woken at its tick had
        that tick as its free tick, and a member that was not woken runs on
        its course (though in flight with the group). So does a landing where
        only arrivals happened (`_keeps_free_ticks`); a group's decisions, an
        object's state, a conversation closed may lower a free tick, and
        another limit caps them elsewhere.
        """
        if self.known is None or self.known[0] != limit:
            free = free_ticks(
                courses, self.reach, limit=limit + 1, writes=self.writes, memo=self.memo
            )
            self.known = (limit, free)
        return self.known[1]

    def _groups(self, level: list[Course]) -> list[list[Course]]:
        """Residents at one tick that could affect each other there, joined (name order)."""
        parent = {c.name: c.name for c in level}

        def root(name: str) -> str:
            while parent[name] != name:
                parent[name] = parent[parent[name]]
                name = parent[name]
            return name

        for i, a in enumerate(level):
            for b in level[i + 1 :]:
                if coupled_at(a, b, a.tick, self.reach):
                    parent[root(a.name)] = root(b.name)
        groups: dict[str, list[Course]] = {}
        for c in level:
            groups.setdefault(root(c.name), []).append(c)
        return sorted(groups.values(), key=lambda g: g[0].name)

    def _may_run(
        self, group: list[Course], tick: int, courses: list[Course], free: dict[str, int]
    ) -> bool:
        members = {c.name for c in group}
        for other in courses:
            if other.name in members or other.tick > tick:
                continue
            io, lead = self.ids[other.name], free[other.name]
            for runner in group:
                ir = self.ids[runner.name]
                if not self.memo.clear_of(ir, runner, tick, io, other, lead, self.reach):
                    return False
        return True

    def _start(self, members: frozenset[str], tick: int) -> None:
        """Step, perceive and wake a group at `tick`; send the woken to think."""
        sim, state = self.sim, self.state
        self.stale.update(members)
        self.widest_lead = max(self.widest_lead, tick - min(self.tick_of.values()))
        time = sim.clock.time(tick).isoformat()
        record = self.records.setdefault(tick, TickRecord(tick, time))
        self.flights_started += 1
        flight = Flight(tick, members, self.flights_started)
        for i, event in deliver(state, sim.injections, tick=tick, time=time, agents=members):
            self._add(record, flight, (INJECTED, i), [event])
        for event in advance(state, sim.world.map, tick=tick, time=time, agents=members):
            self._add(record, flight, (STEPPED, event.agent or ""), [event])
        awake = sense(state, sim.world.map, sim.clock, sim.rules, tick=tick, agents=members)
        for p in awake:
            record.awake[p.agent] = p.wake
            woken = WokenEvent(tick=tick, time=time, agent=p.agent, reasons=list(p.wake))
            self._add(record, flight, (WOKEN, p.agent), [woken])
        if not awake:
            flight.result = HostResult()
            self._land(flight)
            return
        ticket = sim.executor.submit(awake)
        self.flights[ticket] = flight
        for name in members:
            self.flying[name] = ticket

    def _add(self, record: TickRecord, flight: Flight, tag: tuple, events: list[Event]) -> None:
        record.add(tag, events)
        flight.events += events

    # -- applying decisions -------------------------------------------------------------

    def _land_all(self) -> bool:
        """Apply every group's tick whose decisions are back, the earliest tick first."""
        back = sorted(
            ((t, f) for t, f in self.flights.items() if f.result is not None),
            key=lambda kv: kv[1].tick,
        )
        for ticket, flight in back:
            del self.flights[ticket]
            if any(f.number < flight.number for f in self.flights.values()):
                self.overtakes += 1
            self._land(flight)
        return bool(back)

    def _land(self, flight: Flight) -> None:
        """Apply a group's decisions at its tick, in agent-name order, and record its part."""
        sim, state, tick = self.sim, self.state, flight.tick
        record = self.records[tick]
        time = record.time
        result = flight.result or HostResult()
        for name, error in sorted(result.errors.items()):
            failed = AgentErrorEvent(tick=tick, time=time, agent=name, error=error)
            self._add(record, flight, (FAILED, name), [failed])
        spoke: set[str] = set()
        for decision in sorted(result.decisions, key=lambda d: d.agent):
            events = apply_decision(state, sim.world.map, decision, sim.rules, tick=tick, time=time)
            self._add(record, flight, (DECIDED, decision.agent), events)
            if decision.utterance is not None:
                spoke.add(decision.agent)
        decided = {d.agent for d in result.decisions}
        for place, events in close_unanswered(state, decided, spoke, tick=tick, time=time):
            self._add(record, flight, (UNANSWERED, place), events)
        self.opened += [
            e.conversation for e in flight.events if isinstance(e, ConversationStartedEvent)
        ]
        record.calls += result.calls
        record.views.update(result.views)
        self._record_bodies(record, flight, decided)
        self.stale.update(flight.members)
        if not self._keeps_free_ticks(flight):  # another's body may have changed too
            self.known = None
            self.stale.update(self.names)
        for name in flight.members:
            self.tick_of[name] = tick + 1
            self.flying.pop(name, None)

    def _keeps_free_ticks(self, flight: Flight) -> bool:
        """Whether the free ticks read before this landing hold after it as they were read:
        nothing happened but arrivals (nobody woke, no object's state was set, no conversation
        closed) and no member's free tick was this tick (it is later now)."""
        free = self.known[1] if self.known else {}
        return all(isinstance(e, ArrivedEvent) for e in flight.events) and all(
            free.get(name, NEVER) > flight.tick for name in flight.members
        )

    def _record_bodies(self, record: TickRecord, flight: Flight, decided: set[str]) -> None:
        spoken = {e.agent: e for e in flight.events if isinstance(e, UtteranceEvent)}
        for name in flight.members:
            body = self.state.body(name)
            record.agents[name] = agent_frame(body, self.sim.world.map, spoken, decided)
        written = dict.fromkeys(e.address for e in flight.events if isinstance(e, ObjectStateEvent))
        for address in written:
            record.object_states.append((address, self.state.objects.get(address)))
            self.writes.append((flight.tick, address))

    # -- writing the record ---------------------------------------------------------------

    def _finalize(self) -> None:
        """Write every tick that all residents have passed, in order."""
        while self.next_final < self.end and all(
            self.tick_of[name] > self.next_final for name in self.names
        ):
            tick = self.next_final
            record = self.records.pop(tick)
            events = self._numbered(record)
            if self.sim.clock.starts_day(tick):
                day = self.sim.clock.time(tick).date().isoformat()
                events.insert(0, DayStartedEvent(tick=tick, time=record.time, day=day))
            outcome = TickOutcome(
                tick=tick,
                time=record.time,
                events=events,
                frame=record.frame(self.objects),
                calls=record.ordered_calls(),
                awake=record.awake,
            )
            self.state.tick = tick + 1
            self.next_final = tick + 1
            self.writes = [w for w in self.writes if w[0] > tick]
            self.sim.record(outcome, self.started)
            self.started = wallclock.perf_counter()
            if self.on_tick(outcome) or self.sim.stop_reason:
                self._stop_soon()

    def _numbered(self, record: TickRecord) -> list[Event]:
        """The tick's events and frames, its conversations numbered and those before renamed."""
        events = record.ordered_events()
        opened = number_opened(self.state, events)
        for old in opened:
            self.renumbered += self.opened.index(old) > 0
            self.opened.remove(old)
        self.numbers.update(opened)
        events = renamed(events, self.numbers)
        frames = renamed(list(record.agents.values()), self.numbers)
        record.agents = {frame.name: frame for frame in frames}
        for event in events:
            if isinstance(event, ConversationEndedEvent):  # nothing later names it
                self.numbers = {k: v for k, v in self.numbers.items() if v != event.conversation}
        return events

    def _stop_soon(self) -> None:
        """Stop at the first tick every resident can reach without starting another."""
        reached = max(self.tick_of[n] + (1 if n in self.flying else 0) for n in self.names)
        self.end = min(self.end, max(reached, self.next_final))
