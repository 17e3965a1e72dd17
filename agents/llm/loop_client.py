"""An OpenAI client tied to the running event loop.

A client's connection pool belongs to one event loop; a host that runs its
ticks in fresh loops gets a fresh client. Retries are never the client's:
they belong to the retry wrapper, which counts them in the call records.
"""

from __future__ import annotations

import asyncio

import openai


class LoopBoundClient:
    """Hands out an `AsyncOpenAI` client for the running loop, making one when it changes."""

    def __init__(self, *, api_key: str, base_url: str | None, timeout_s: float) -> None:
        self._api_key = api_key
        self._base_url = base_url
        self._timeout_s = timeout_s
        self._client: openai.AsyncOpenAI | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> openai.AsyncOpenAI:
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            self._client = openai.AsyncOpenAI(
                api_key=self._api_key,
                base_url=self._base_url,
                timeout=self._timeout_s,
                max_retries=0,
            )
            self._loop = loop
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            try:
                await self._client.close()
            except RuntimeError:
                pass  # its loop is gone; nothing left to release
            self._client = None
