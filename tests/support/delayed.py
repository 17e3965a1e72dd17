"""The scripted backend answering after a delay: an endpoint's latency, without an endpoint."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from agents.llm.backend import CompletionRequest
from agents.llm.factory import build_language_model
from agents.llm.runner import TaskRunner
from agents.llm.scripted import ScriptedBackend


class DelayedScriptedBackend(ScriptedBackend):
    """The scripted answer to each prompt, given after a random delay of 0 to `max_delay_s`.

    The answers are the scripted backend's (keyed by prompt); only when they
    come back depends on `delay_seed`, so two delay seeds are two endpoints
    of different speeds giving the same answers.
    """

    def __init__(self, seed: int, delay_seed: int, max_delay_s: float = 0.05) -> None:
        super().__init__(seed)
        self._delays = random.Random(delay_seed)
        self._max_delay_s = max_delay_s

    async def complete(self, request: CompletionRequest):  # type: ignore[override]
        await asyncio.sleep(self._delays.uniform(0, self._max_delay_s))
        return await super().complete(request)


@contextmanager
def delayed_scripted_model(delay_seed: int, max_delay_s: float = 0.05) -> Iterator[None]:
    """Within the block, hosts built for the scripted backend answer after random delays."""

    def build(config, *, seed, gate=None):  # noqa: ANN001, ANN202
        if config.backend != "scripted":
            return build_language_model(config, seed=seed, gate=gate)
        return TaskRunner(DelayedScriptedBackend(seed, delay_seed, max_delay_s), name="scripted")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sim.hosting.build_language_model", build)
        yield
