"""Background thinking: what a decision does not need runs beside the agent's next decisions.

A decision leaves work behind it: storing what was staged (rating its
importance, embedding it), the gist of a conversation that just ended,
reflection when it is due. With background thinking on, that work runs as a
task while the town moves on, and lands before anything else of the agent
runs: its next decision, an interview, a snapshot (the host settles every
agent before a checkpoint and at the end of a run). Nothing reads or changes
the agent between the start of the work and its landing, so at every
landing point the agent is what it would have been had the work been done at
once: the record does not depend on how fast the model answers. Off, the work
is done before the decision returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


class BackgroundLost(RuntimeError):
    """Background work was cancelled before it landed; the agent's state is incomplete."""


class BackgroundThinking:
    """An agent's work in flight (at most one piece) and the point where it lands."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._task: asyncio.Task[None] | None = None

    @property
    def in_flight(self) -> bool:
        return self._task is not None

    def require_settled(self, what: str) -> None:
        """Refuse `what` (a snapshot, a restore) while work is in flight: settle first."""
        if self._task is not None:
            raise RuntimeError(f"{what} with background thinking in flight; settle the agent first")

    async def start(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` beside what follows (on) or now (off).

        On, this returns without yielding to the event loop, so the caller's
        own state is still as the decision left it when control comes back.
        """
        if self._task is not None:
            work.close()
            raise RuntimeError("background work started before the previous piece landed")
        if not self.enabled:
            await work
            return
        self._task = asyncio.get_running_loop().create_task(work)

    async def land(self) -> None:
        """Wait for the work in flight, if any; an error it met is raised here."""
        task, self._task = self._task, None
        if task is None:
            return
        if task.cancelled():
            raise BackgroundLost(
                "background thinking was cancelled before it landed (its event loop ended "
                "between two decisions); drive an agent in one event loop, or turn "
                "background thinking off"
            )
        await task
