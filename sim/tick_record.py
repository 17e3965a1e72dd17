"""A tick's record, gathered in parts in whatever order residents run it, written in order.

Each group of residents that runs a tick together adds its events, tagged
with where lock-step puts them: world events first, then injected memories
(in the order they were given), each agent's steps, wakes and errors (in
name order), each decision's consequences (in agent-name order), the
conversations closed for want of a reply (in the order they were opened).
Sorting the tags gives the lock-step tick back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.contract import AgentView
from agents.llm import CallRecord
from sim.engine import inspector_frames
from sim.events import Event
from sim.frames import AgentFrame, Frame

# Where lock-step puts an event within its tick.
WORLD, INJECTED, STEPPED, WOKEN, FAILED, DECIDED, UNANSWERED = range(7)

Tag = tuple[int, int | str | tuple[int, str]]


@dataclass
class TickRecord:
    """What the groups that ran one tick have produced so far."""

    tick: int
    time: str
    events: list[tuple[Tag, int, Event]] = field(default_factory=list)
    agents: dict[str, AgentFrame] = field(default_factory=dict)
    views: dict[str, AgentView] = field(default_factory=dict)
    calls: list[CallRecord] = field(default_factory=list)
    awake: dict[str, tuple] = field(default_factory=dict)
    object_states: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, tag: Tag, events: list[Event]) -> None:
        for event in events:
            self.events.append((tag, len(self.events), event))

    def ordered_events(self) -> list[Event]:
        return [event for _, _, event in sorted(self.events, key=lambda item: item[:2])]

    def ordered_calls(self) -> list[CallRecord]:
        """The calls as lock-step lists them: by agent, each agent's in the order made."""
        return sorted(self.calls, key=lambda record: record.agent)

    def frame(self, objects: dict[str, str]) -> Frame:
        """The frame of the tick, with `objects` (updated in place) the states at its end."""
        for address, state in self.object_states:
            if state is None:
                objects.pop(address, None)
            else:
                objects[address] = state
        return Frame(
            tick=self.tick,
            time=self.time,
            agents=[self.agents[name] for name in sorted(self.agents)],
            objects=dict(sorted(objects.items())),
            inspector=inspector_frames(self.views),
        )
