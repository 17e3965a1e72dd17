"""Embedders: an OpenAI-compatible endpoint, and a dependency-free feature-hashing fallback."""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
from collections.abc import Sequence

import numpy as np
import openai

from agents.llm.loop_client import LoopBoundClient
from agents.llm.redaction import redact

_WORD = re.compile(r"[a-z0-9']+")


class HashingEmbedder:
    """Bag of words and word pairs hashed into a fixed-size vector (no model).

    Deterministic and instant; relevance is lexical overlap, which is enough
    for tests and scripted runs and a fallback when no embedding model is set.
    """

    name = "hashing"

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim
        self._cache: dict[str, np.ndarray] = {}

    def _vector(self, text: str) -> np.ndarray:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        words = _WORD.findall(text.lower())
        features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature in features:
            h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        if norm > 0:
            vec /= norm
        self._cache[text] = vec
        return vec

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint, cached by text.

    Vectors are normalised here (not every server does), and transient
    failures are retried like completions; a persistent failure raises
    `EmbeddingError`, since no honest vector can stand in for a missing one.
    """

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None,
        api_key: str,
        timeout_s: float = 60.0,
        max_retries: int = 4,
        retry_base_s: float = 0.5,
        retry_max_s: float = 20.0,
        batch_size: int = 64,
    ) -> None:
        self.name = f"openai:{model}"
        self.model = model
        self.base_url = base_url
        self.dim = 0  # known after the first answer
        self._api_key = api_key
        self._max_retries = max_retries
        self._retry_base_s = retry_base_s
        self._retry_max_s = retry_max_s
        self._batch_size = batch_size
        self._cache: dict[str, np.ndarray] = {}
        self._client = LoopBoundClient(api_key=api_key, base_url=base_url, timeout_s=timeout_s)
        self._rng = random.Random(0)

    def __repr__(self) -> str:
        return f"OpenAIEmbedder(model={self.model!r}, base_url={self.base_url!r})"

    async def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        for start in range(0, len(missing), self._batch_size):
            batch = missing[start : start + self._batch_size]
            for text, vector in zip(batch, await self._fetch(batch), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    async def _fetch(self, batch: list[str]) -> list[np.ndarray]:
        for attempt in range(self._max_retries + 1):
            try:
                response = await self._client.get().embeddings.create(model=self.model, input=batch)
                break
            except (openai.APITimeoutError, openai.APIConnectionError) as exc:
                error: Exception = exc
            except openai.APIStatusError as exc:
                if exc.status_code not in (408, 409, 429) and exc.status_code < 500:
                    raise EmbeddingError(self._failure(exc)) from None
                error = exc
            if attempt < self._max_retries:
                delay = min(self._retry_max_s, self._retry_base_s * 2**attempt)
                await asyncio.sleep(self._rng.uniform(0, delay))
        else:
            raise EmbeddingError(self._failure(error)) from None
        vectors = []
        for item in sorted(response.data, key=lambda d: d.index):
            vector = np.asarray(item.embedding, dtype=np.float32)
            if vector.ndim == 2:
                # Servers without pooling (llama-cpp-python's) send one vector per token.
                vector = vector.mean(axis=0)
            norm = float(np.linalg.norm(vector))
            vectors.append(vector / norm if norm > 0 else vector)
        self.dim = int(vectors[0].shape[0]) if vectors else self.dim
        return vectors

    async def aclose(self) -> None:
        await self._client.aclose()

    def _failure(self, exc: Exception) -> str:
        where = self.base_url or "https://api.openai.com/v1"
        return redact(f"embeddings from {where} ({self.model}) failed: {exc}", self._api_key)


class EmbeddingError(RuntimeError):
    """The embedding endpoint failed for good; the message is safe to log."""
