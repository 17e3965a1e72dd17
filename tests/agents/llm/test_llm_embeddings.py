"""Embedders give unit-length float32 rows, one per text, cached by text."""

from __future__ import annotations

import asyncio

import numpy as np

from agents.llm import EmbeddingConfig, LLMConfig, build_embedder
from agents.llm.embeddings import HashingEmbedder
from tests.support.standin_server import StandinServer, error


def test_hashing_rows_are_unit_length_and_related_texts_are_closer():
    embedder = build_embedder(LLMConfig(backend="scripted"))
    assert isinstance(embedder, HashingEmbedder) and embedder.name == "hashing"
    rows = asyncio.run(
        embedder.embed(["the baker opens the bakery", "the bakery opens early", "rain on the hill"])
    )
    assert rows.shape == (3, embedder.dim) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert rows[0] @ rows[1] > rows[0] @ rows[2]


def test_openai_compatible_embeddings_are_normalised_cached_and_retried():
    with StandinServer(lifetime_s=30) as server:
        server.script(error(503))
        config = LLMConfig(
            backend="openai",
            base_url=server.url,
            api_key_env="HAMLET_TEST_UNSET_KEY",
            retry_base_s=0.01,
            retry_max_s=0.02,
            embedding=EmbeddingConfig(backend="openai", model="standin-embed"),
        )
        embedder = build_embedder(config)

        async def go():
            first = await embedder.embed(["market day", "quiet night", "market day"])
            again = await embedder.embed(["quiet night", "market day"])
            return first, again

        first, again = asyncio.run(go())
        embedding_calls = [r for r in server.requests if r.path.endswith("/embeddings")]
    assert first.shape == (3, 8) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first[0], first[2]) and np.array_equal(again[0], first[1])
    # One 503, one retried batch of the two distinct texts, nothing for the cached call.
    assert len(embedding_calls) == 2
    assert embedding_calls[1].body["input"] == ["market day", "quiet night"]
