"""A stand-in for the engine, just enough to let a few minds live a day together.

Agents teleport to the area of their action, see who is in the same area,
and hear what is said to them at the next tick. No map, no paths.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from agents.contract import Action, Perception, SeenAgent, Utterance, WakeReason
from agents.mind import GenerativeAgent


class MiniTown:
    """Wakes agents the way the engine does: action done, someone new, being addressed."""

    def __init__(self, minds: list[GenerativeAgent], start: datetime) -> None:
        self.minds = {m.name: m for m in minds}
        self.now = start
        self.actions: dict[str, Action | None] = {m.name: None for m in minds}
        self.ends: dict[str, datetime] = {m.name: start for m in minds}
        self.company: dict[str, frozenset[str]] = {m.name: frozenset() for m in minds}
        self.inbox: dict[str, list[Utterance]] = {m.name: [] for m in minds}
        self.talking: dict[str, str] = {}
        self.utterances: list[Utterance] = []
        self.conversations = 0
        self._first = True

    def area(self, name: str) -> str:
        action = self.actions[name]
        return action.address.split(":")[0] if action else "home of " + name

    def _perception(self, name: str, tick: int) -> Perception | None:
        action = self.actions[name]
        near = frozenset(o for o in self.minds if o != name and self.area(o) == self.area(name))
        wake: list[WakeReason] = []
        if self._first:
            wake.append(WakeReason.FIRST_TICK)
        if self.now >= self.ends[name] and name not in self.talking:
            wake.append(WakeReason.ACTION_DONE)
        if near - self.company[name]:
            wake.append(WakeReason.NEW_AGENT)
        if self.inbox[name]:
            wake.append(WakeReason.ADDRESSED)
        self.company[name] = near
        if not wake:
            return None
        seen = tuple(
            SeenAgent(
                name=o,
                tile=(0, 0),
                place=self.area(o),
                distance=1,
                action=self.actions[o].description if self.actions[o] else "idle",
            )
            for o in sorted(near)
        )
        heard, self.inbox[name] = tuple(self.inbox[name]), []
        return Perception(
            agent=name,
            tick=tick,
            time=self.now,
            tile=(0, 0),
            place=self.area(name),
            current_action=action.description if action else None,
            action_done=WakeReason.ACTION_DONE in wake,
            agents=seen,
            heard=heard,
            wake=tuple(wake),
            in_conversation_with=self.talking.get(name),
        )

    async def tick(self, tick: int) -> None:
        perceptions = {n: self._perception(n, tick) for n in self.minds}
        awake = {n: p for n, p in perceptions.items() if p is not None}
        decisions = await asyncio.gather(*(self.minds[n].decide(p) for n, p in awake.items()))
        self._first = False
        for d in decisions:
            if d.action is not None:
                self.actions[d.agent] = d.action
                self.ends[d.agent] = self.now + timedelta(minutes=d.action.duration_minutes)
            u = d.utterance
            if u is None:
                continue
            if not u.conversation:
                self.conversations += 1
                u = u.model_copy(update={"conversation": f"c{self.conversations}"})
            self.utterances.append(u)
            self.inbox[u.listener].append(u)
            if u.ends_conversation:
                self.talking.pop(u.speaker, None)
                self.talking.pop(u.listener, None)
            else:
                self.talking[u.speaker], self.talking[u.listener] = u.listener, u.speaker
        self.now += timedelta(minutes=1)

    async def run(self, hours: float) -> None:
        for tick in range(int(hours * 60)):
            await self.tick(tick)
