"""What the engine knows of each resident at its own tick, as the independence rule reads it."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from sim.clock import GameClock
from sim.independence import Course
from sim.population import Delivery
from sim.world_state import Body, WorldState


class WakeCalendar:
    """Ticks a resident wakes at whatever happens around it: new days, injected memories."""

    def __init__(self, clock: GameClock, injections: Iterable[Delivery]) -> None:
        self._clock = clock
        self._injected: dict[str, list[int]] = {}
        for delivery in injections:
            self._injected.setdefault(delivery.agent, []).append(delivery.at_tick)
        for ticks in self._injected.values():
            ticks.sort()

    def next_day(self, tick: int) -> int:
        """The first tick at or after `tick` that starts a day."""
        if self._clock.starts_day(tick):
            return tick
        now = self._clock.time(tick)
        midnight = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo)
        return self._clock.tick_at(midnight)

    def next_injection(self, agent: str, tick: int) -> int | None:
        ticks = self._injected.get(agent, [])
        i = bisect_left(ticks, tick)
        return ticks[i] if i < len(ticks) else None


def own_wake(body: Body, tick: int, calendar: WakeCalendar) -> int:
    """The first tick at or after `tick` that `body` wakes at with nobody near it."""
    if tick == 0 or body.heard or body.injected:
        return tick
    due = [calendar.next_day(tick)]
    injected = calendar.next_injection(body.name, tick)
    if injected is not None:
        due.append(injected)
    if body.conversation is None:
        if body.action_done:
            return tick
        if body.action is not None:
            # Its action ends once it has arrived (the last step is at tick + len - 1).
            due.append(max(body.action.end_tick, tick + max(len(body.path) - 1, 0)))
    return min(due)


def course_of(
    state: WorldState, name: str, tick: int, calendar: WakeCalendar, *, in_flight: bool
) -> Course:
    """The resident `name` at its own tick, as the independence rule sees it."""
    body = state.body(name)
    action = body.action
    partner = None
    if body.conversation is not None and body.conversation in state.conversations:
        a, b = state.conversations[body.conversation].participants
        partner = b if a == name else a
    return Course(
        name=name,
        tick=tick,
        tile=body.tile,
        path=tuple(body.path),
        wake_tick=tick if in_flight else own_wake(body, tick, calendar),
        in_flight=in_flight,
        partner=partner,
        held=action.address if action is not None and action.object_state else None,
    )
