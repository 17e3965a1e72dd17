"""The run-wide limit on model requests in flight, shared by every host of a run.

Inside one process a semaphore is enough; hosts in several processes (Ray
actors) share one `Gate` that the engine provides, so that a single-slot
local server is never sent more requests than it can answer in time.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Gate(Protocol):
    """A counting semaphore that may live in another process."""

    async def acquire(self) -> None: ...

    async def release(self) -> None: ...
