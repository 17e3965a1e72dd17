"""The protocol every completion backend implements, and what crosses it.

A backend turns one request (a task's chat messages and answer schema) into
one completion (text and token usage). Everything a user relies on beyond
that (retries, the concurrency limit, validation, repair, fallback, call
records) is a wrapper around this protocol, written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol, runtime_checkable

from agents.llm.task import Task

StructuredOutput = Literal["json_schema", "json_object", "none"]


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do, declared so that callers need not guess."""

    structured_output: StructuredOutput = "none"
    embeddings: bool = False
    price_in_per_million: float = 0.0
    price_out_per_million: float = 0.0
    # Answers that need no check for sense: rules (scripted) or a replayed recording,
    # which reproduces the answers a run used whatever they were.
    trusted_answers: bool = False

    def cost_usd(self, tokens_in: int, tokens_out: int) -> float:
        return (
            tokens_in * self.price_in_per_million + tokens_out * self.price_out_per_million
        ) / 1_000_000


@dataclass(frozen=True)
class CompletionRequest:
    """One prompt for one agent's task; `attempt` is 0 first, 1 for the repair."""

    task: Task[Any]
    agent: str
    prompt_key: str
    messages: list[dict[str, str]]
    schema: dict[str, Any]
    max_tokens: int
    attempt: int = 0

    def repair(self, messages: list[dict[str, str]]) -> CompletionRequest:
        return replace(self, messages=messages, attempt=self.attempt + 1)


@dataclass(frozen=True)
class Completion:
    """What came back: the answer's text and what it cost."""

    text: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    retries: int = 0
    cached: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class BackendFailure(Exception):
    """No usable completion: the call failed for good (after any retries).

    `reason` is safe to log: it never contains a key. `unreachable` says no
    connection was made, `server_error` that the endpoint failed (5xx) and
    `rate_limited` that it asked to slow down (429): the endpoint's state,
    not the answer's.
    """

    def __init__(
        self,
        reason: str,
        *,
        retries: int = 0,
        transient: bool = False,
        retry_after_s: float | None = None,
        unreachable: bool = False,
        server_error: bool = False,
        rate_limited: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retries = retries
        self.transient = transient
        self.retry_after_s = retry_after_s
        self.unreachable = unreachable
        self.server_error = server_error
        self.rate_limited = rate_limited


@runtime_checkable
class Backend(Protocol):
    """Something that completes a chat prompt: an HTTP endpoint, rules, a recording."""

    name: str
    model: str
    capabilities: Capabilities

    async def complete(self, request: CompletionRequest) -> Completion: ...

    async def aclose(self) -> None: ...
