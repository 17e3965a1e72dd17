"""An endpoint that is down: waited for with backoff, never answered by fallbacks.

A connection refused or a 5xx answer says nothing about the model's answer:
the endpoint is down. Once `OUTAGE_AFTER` such failures come in a row, the
host stops sending work, tries again with growing pauses and carries on
where it was when the endpoint answers. Past `max_outage_s` the run stops
(`EndpointOutage`) so that it can be resumed later.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from agents.errors import HamletError

# Failures in a row that make an outage: one refused connection may be a blip.
OUTAGE_AFTER = 3


class EndpointOutage(HamletError):
    """The endpoint stayed unreachable (or rate-limiting) past the run's `max_outage_s`."""


@dataclass(frozen=True)
class EndpointStatus:
    """An outage as the progress line shows it; times are seconds since the epoch."""

    reason: str
    since: float
    next_try: float

    def describe(self, now: float | None = None) -> str:
        """One line: what is wrong and when the next try is."""
        wait = max(0.0, self.next_try - (time.time() if now is None else now))
        return f"endpoint unreachable ({self.reason}); next try in {wait:.0f} s"


@runtime_checkable
class OutageBoard(Protocol):
    """Where a host posts the endpoint's state for the whole run (None: it answers)."""

    async def report_endpoint(self, status: EndpointStatus | None) -> None: ...


class OutageWatch:
    """One host's view of its endpoint: up, or down since when and tried again when."""

    def __init__(
        self,
        *,
        max_outage_s: float,
        base_s: float,
        max_s: float,
        rng: random.Random,
        board: OutageBoard | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.max_outage_s = max_outage_s
        self._base_s = max(base_s, 0.05)
        self._max_s = max(max_s, self._base_s)
        self._rng = rng
        self._board = board
        self._clock = clock
        self._in_a_row = 0
        self._first_failure = 0.0
        self.status: EndpointStatus | None = None
        self._failing: set[int] = set()  # the calls that failed since the last answer

    async def before_request(self) -> None:
        """Wait while the endpoint is down and its next try has not come."""
        while self.status is not None:
            wait = self.status.next_try - self._clock()
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, 1.0))

    def is_down(self, caller: object, *, refused: bool, server_error: bool) -> bool:
        """Whether a failure of `caller` means the endpoint is down, to be waited for.

        A refused connection does. A 5xx does once two calls have had one
        with no answer between: a 5xx for one call alone may be that call's
        own (a prompt that crashes the server), a bad answer with a fallback.
        """
        if not (refused or server_error):
            return False
        self._failing.add(id(caller))
        return refused or len(self._failing) > 1

    async def failed(self, reason: str) -> float:
        """Count an unreachable answer; the seconds to wait before trying again.

        Raises `EndpointOutage` once the endpoint has been down past `max_outage_s`.
        """
        now = self._clock()
        if self._in_a_row == 0:
            self._first_failure = now
        self._in_a_row += 1
        down_for = now - self._first_failure
        if down_for > self.max_outage_s:
            raise EndpointOutage(
                f"the language-model endpoint has been unreachable for {down_for:.0f} s "
                f"({reason}), past max_outage_s = {self.max_outage_s:g} (--max-outage)"
            )
        ceiling = min(self._max_s, self._base_s * 2 ** min(self._in_a_row, 30))
        delay = min(self._rng.uniform(ceiling / 2, ceiling), self.max_outage_s - down_for + 0.01)
        if self._in_a_row >= OUTAGE_AFTER:
            since = self.status.since if self.status else self._first_failure
            self.status = EndpointStatus(reason=reason, since=since, next_try=now + delay)
            await self._post(self.status)
        return delay

    async def answered(self) -> None:
        """The endpoint answered: the outage, if any, is over."""
        self._failing.clear()
        self._in_a_row = 0
        if self.status is not None:
            self.status = None
            await self._post(None)

    async def _post(self, status: EndpointStatus | None) -> None:
        if self._board is not None:
            await self._board.report_endpoint(status)


def rate_limit_wait(
    hint_s: float | None, attempt: int, *, base_s: float, max_s: float, rng: random.Random
) -> float:
    """Seconds to wait on a 429: the server's Retry-After, else growing pauses."""
    if hint_s is not None and hint_s >= 0:
        return hint_s
    ceiling = min(max_s, max(base_s, 0.05) * 2 ** min(attempt, 30))
    return rng.uniform(ceiling / 2, ceiling)
