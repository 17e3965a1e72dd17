"""Retrying transient failures (timeouts, 429, 5xx, lost connections) with bounded backoff."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import replace

from agents.llm.backend import Backend, BackendFailure, Completion, CompletionRequest
from agents.llm.gate import Gate
from agents.llm.outage import EndpointOutage, OutageWatch, rate_limit_wait


def backoff_delay(
    attempt: int, *, base_s: float, max_s: float, rng: random.Random, hint_s: float | None = None
) -> float:
    """Seconds to wait before retry number `attempt` (0-based): exponential, full jitter.

    Full jitter spreads the retries of many agents that failed together, so
    they do not hit a rate-limited endpoint again all at once. A server's
    Retry-After hint is honoured but never beyond `max_s`.
    """
    ceiling = min(max_s, base_s * (2**attempt))
    delay = rng.uniform(0, ceiling)
    if hint_s is not None:
        delay = max(delay, min(hint_s, max_s))
    return delay


class Retrying:
    """Wraps a backend: transient failures are retried up to `max_retries` times.

    With an `outage` watch, an endpoint that is down (no connection, 5xx) or
    rate-limiting (429) is waited for instead: those waits do not count
    against `max_retries`, which bound the retries of bad answers, and end
    only when the endpoint answers or the watch's `max_outage_s` is past.
    """

    def __init__(
        self,
        inner: Backend,
        *,
        max_retries: int,
        base_s: float,
        max_s: float,
        rng: random.Random,
        outage: OutageWatch | None = None,
    ) -> None:
        self._inner = inner
        self.name = inner.name
        self.model = inner.model
        self.capabilities = inner.capabilities
        self._max_retries = max_retries
        self._base_s = base_s
        self._max_s = max_s
        self._rng = rng
        self._outage = outage

    async def complete(self, request: CompletionRequest) -> Completion:
        retries = waits = 0
        rate_limited_since: float | None = None
        caller = object()  # this call, as the outage watch tells callers apart
        while True:
            try:
                if self._outage is not None:
                    await self._outage.before_request()
                completion = await self._inner.complete(request)
            except BackendFailure as exc:
                down = self._outage is not None and self._outage.is_down(
                    caller, refused=exc.unreachable, server_error=exc.server_error
                )
                if down:
                    await asyncio.sleep(await self._outage.failed(exc.reason))
                    waits += 1
                    continue
                if self._outage is not None and exc.rate_limited:
                    rate_limited_since = rate_limited_since or time.monotonic()
                    await self._slow_down(exc, waits, time.monotonic() - rate_limited_since)
                    waits += 1
                    continue
                if not exc.transient or retries >= self._max_retries:
                    raise BackendFailure(
                        _with_tries(exc.reason, retries), retries=retries, transient=exc.transient
                    ) from exc
                await asyncio.sleep(
                    backoff_delay(
                        retries,
                        base_s=self._base_s,
                        max_s=self._max_s,
                        rng=self._rng,
                        hint_s=exc.retry_after_s,
                    )
                )
                retries += 1
                continue
            if self._outage is not None:
                await self._outage.answered()
            return replace(completion, retries=completion.retries + retries + waits)

    async def _slow_down(self, exc: BackendFailure, waits: int, limited_for: float) -> None:
        """Wait as a rate-limiting endpoint asks, unless it has asked for too long."""
        assert self._outage is not None
        if limited_for > self._outage.max_outage_s:
            raise EndpointOutage(
                f"the language-model endpoint has refused work for {limited_for:.0f} s "
                f"({exc.reason}), past max_outage_s = {self._outage.max_outage_s:g} "
                "(--max-outage); check the account's rate limits and quota"
            )
        delay = rate_limit_wait(
            exc.retry_after_s, waits, base_s=self._base_s, max_s=self._max_s, rng=self._rng
        )
        await asyncio.sleep(min(delay, self._outage.max_outage_s - limited_for + 0.01))

    async def aclose(self) -> None:
        await self._inner.aclose()


def _with_tries(reason: str, retries: int) -> str:
    if retries == 0:
        return reason
    return f"{reason} (after {retries} {'retry' if retries == 1 else 'retries'})"


class ConcurrencyLimited:
    """Wraps a backend: at most `limit` requests in flight from this host at once,
    and, with a `gate`, no more than the gate allows across the whole run."""

    def __init__(self, inner: Backend, *, limit: int, gate: Gate | None = None) -> None:
        self._inner = inner
        self.name = inner.name
        self.model = inner.model
        self.capabilities = inner.capabilities
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._gate = gate

    async def complete(self, request: CompletionRequest) -> Completion:
        # A host may run successive ticks in fresh event loops; a semaphore
        # belongs to one loop, so each loop gets its own.
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self._slots, self._loop = asyncio.Semaphore(self.limit), loop
        async with self._slots:
            if self._gate is None:
                return await self._inner.complete(request)
            await self._gate.acquire()
            try:
                return await self._inner.complete(request)
            finally:
                await self._gate.release()

    async def aclose(self) -> None:
        await self._inner.aclose()
