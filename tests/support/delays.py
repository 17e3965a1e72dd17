"""The scripted backend, slowed by random per-call delays: out-of-order work for the scheduler.

The answers are the scripted backend's (keyed by agent and prompt, so the
same whatever order calls finish in); only when each call comes back moves.
`delayed_scripted` makes every host of a run in this process use it.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest

from agents.llm.backend import Completion, CompletionRequest
from agents.llm.runner import TaskRunner
from agents.llm.scripted import ScriptedBackend


class RandomlyDelayedScripted(ScriptedBackend):
    """Scripted answers, each after a random delay of up to `most_s` seconds.

    It counts tokens as a quarter of the characters sent and received, so
    that budgets can be spent.
    """

    def __init__(self, seed: int, delays: random.Random, most_s: float) -> None:
        super().__init__(seed)
        self._delays = delays
        self._most_s = most_s

    async def complete(self, request: CompletionRequest) -> Completion:
        await asyncio.sleep(self._delays.uniform(0, self._most_s))
        answer = await super().complete(request)
        sent = sum(len(message["content"]) for message in request.messages)
        return replace(answer, tokens_in=sent // 4, tokens_out=len(answer.text) // 4)


@contextmanager
def delayed_scripted(*, delay_seed: int, most_s: float = 0.05) -> Iterator[None]:
    """Within the block, hosts built for the scripted backend answer after random delays.

    Two delay seeds are two endpoints of different speeds giving the same answers.
    """
    import sim.hosting

    delays = random.Random(delay_seed)

    def build(config: Any, *, seed: int, gate: Any = None) -> TaskRunner:
        assert config.backend == "scripted"
        return TaskRunner(RandomlyDelayedScripted(seed, delays, most_s), name="scripted")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sim.hosting, "build_language_model", build)
        yield
