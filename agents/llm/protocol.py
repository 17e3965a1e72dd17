"""The one door to a language model, and the one to an embedder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar, runtime_checkable

import numpy as np
from pydantic import BaseModel

from agents.llm.calls import CallRecord
from agents.llm.task import Task

Out = TypeVar("Out", bound=BaseModel)


@runtime_checkable
class LanguageModel(Protocol):
    """Runs cognitive tasks; every call is recorded until drained."""

    backend: str

    async def run(self, task: Task[Out], *, agent: str) -> Out: ...

    def drain_calls(self, agent: str | None = None) -> list[CallRecord]:
        """The call records since the last drain (only `agent`'s, if given), oldest first."""
        ...

    async def aclose(self) -> None: ...


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length float32 vectors of a fixed dimension."""

    name: str
    dim: int

    async def embed(self, texts: Sequence[str]) -> np.ndarray: ...
