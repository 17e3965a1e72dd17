"""An API key never shows: not in call records, errors, reprs, logs or config copies."""

from __future__ import annotations

import asyncio
import logging

import pytest

from agents.llm import LLMConfig, build_embedder, build_language_model
from agents.llm.embeddings import EmbeddingError
from agents.llm.local_server import free_port
from tests.agents.llm.sample_tasks import RateMood
from tests.support.standin_server import StandinServer, chat, error

FAKE_KEY = "sk-HAMLET-FAKE-0000"
KEY_ENV = "HAMLET_TEST_FAKE_KEY"


def config_for(base_url: str, **overrides) -> LLMConfig:
    settings = dict(
        backend="openai",
        base_url=base_url,
        model="standin-model",
        api_key_env=KEY_ENV,
        timeout_s=0.5,
        max_retries=1,
        retry_base_s=0.01,
        retry_max_s=0.02,
    )
    settings.update(overrides)
    return LLMConfig(**settings)


def strings_produced(model, records, config, extra=()) -> list[str]:
    return [
        *(r.model_dump_json() for r in records),
        *(repr(r) for r in records),
        repr(model),
        repr(model._backend),
        config.model_dump_json(),
        *extra,
    ]


def test_the_key_is_sent_but_never_leaks_through_failing_calls(monkeypatch, caplog):
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    caplog.set_level(logging.DEBUG)
    with StandinServer(lifetime_s=30) as server:
        server.script(
            # A server that quotes the key back in its error, as some do.
            error(401, f"Incorrect API key provided: {FAKE_KEY}"),
            error(500, f"upstream failed for key {FAKE_KEY}"),
            error(500, f"upstream failed for key {FAKE_KEY}"),
            chat(f"I cannot answer, {FAKE_KEY}"),
            chat("still no JSON"),
        )
        config = config_for(server.url)
        model = build_language_model(config, seed=1)

        async def go():
            for i in range(3):
                await model.run(RateMood(line=f"line {i}"), agent="Mara")

        asyncio.run(go())
        records = model.drain_calls()
        sent = server.chat_requests[0].headers["authorization"]
    assert sent == f"Bearer {FAKE_KEY}"  # the key is really used
    assert [r.outcome for r in records] == ["fallback"] * 3
    assert any("HTTP 401" in r.failure for r in records)
    produced = strings_produced(model, records, config, [caplog.text])
    assert not [s for s in produced if FAKE_KEY in s]


def test_a_connection_failure_does_not_leak_the_key(monkeypatch, caplog):
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    caplog.set_level(logging.DEBUG)
    config = config_for(f"http://127.0.0.1:{free_port()}/v1")
    model = build_language_model(config, seed=1)
    asyncio.run(model.run(RateMood(line="x"), agent="Mara"))
    records = model.drain_calls()
    assert "connection" in records[0].failure
    produced = strings_produced(model, records, config, [caplog.text])
    assert not [s for s in produced if FAKE_KEY in s]


def test_an_embedding_failure_does_not_leak_the_key(monkeypatch):
    monkeypatch.setenv(KEY_ENV, FAKE_KEY)
    with StandinServer(lifetime_s=30) as server:
        server.script(error(401, f"bad key {FAKE_KEY}"))
        config = config_for(server.url)
        config = config.model_copy(
            update={"embedding": config.embedding.model_copy(update={"backend": "openai"})}
        )
        embedder = build_embedder(config)
        with pytest.raises(EmbeddingError) as caught:
            asyncio.run(embedder.embed(["hello"]))
    assert "401" in str(caught.value)
    assert FAKE_KEY not in str(caught.value) and FAKE_KEY not in repr(embedder)


def test_openai_without_a_key_says_which_variable_to_set(monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    from agents.llm import ConfigError

    with pytest.raises(ConfigError, match=KEY_ENV):
        build_language_model(LLMConfig(backend="openai", api_key_env=KEY_ENV), seed=0)
