"""Builds the configured language model and embedder, and starts what they need."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from agents.errors import ConfigError
from agents.llm.config import LLMConfig
from agents.llm.embeddings import HashingEmbedder, OpenAIEmbedder
from agents.llm.gate import Gate
from agents.llm.local_server import (
    free_port,
    llama_server_command,
    packaged_model_path,
    running_server,
)
from agents.llm.openai_compat import (
    OPENAI_URL,
    OpenAICompatible,
    choose_structured_output,
    read_api_key,
)
from agents.llm.outage import OutageBoard, OutageWatch
from agents.llm.preflight import check_endpoint
from agents.llm.protocol import Embedder
from agents.llm.replay import ReplayBackend, call_log_path
from agents.llm.retry import ConcurrencyLimited, Retrying
from agents.llm.runner import TaskRunner
from agents.llm.scripted import ScriptedModel

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


@contextmanager
def serve(config: LLMConfig, log_path: Path | None = None) -> Iterator[LLMConfig]:
    """Start the servers a backend needs for a run; yield the config hosts build from.

    Called once per run, in the driver. For "local" this starts the embedded
    llama.cpp server on a free loopback port, starts it again if it dies
    meanwhile (a one-line notice on stderr) and stops it when the block
    ends, however it ends; its output goes to `log_path`. Other backends
    need no server: their configuration is checked and yielded as it is; an
    OpenAI-compatible endpoint is asked whether it answers, takes the key
    and offers the model (`ConfigError` in one line if not).
    """
    validate(config)
    if config.backend == "openai":
        check_endpoint(
            config.base_url or OPENAI_URL,
            api_key=_completion_key(config),
            key_env=config.api_key_env,
            model=config.model or DEFAULT_OPENAI_MODEL,
        )
    if config.backend != "local" or config.base_url is not None:
        yield config
        return
    model_path = config.local_model_path or packaged_model_path()
    port = free_port()
    command = llama_server_command(model_path, port, config.local_n_ctx, config.local_threads)
    with running_server(command, port=port, log_path=log_path) as server:
        yield config.model_copy(update={"base_url": server.base_url, "model": model_path.stem})


def validate(config: LLMConfig) -> None:
    """Fail early, with what to change, on a configuration no host could use."""
    if config.backend == "replay":
        if config.replay_from is None:
            raise ConfigError(
                "LLM backend 'replay' needs replay_from (--replay-from RUN_DIR): "
                "the folder of a recorded run"
            )
        call_log_path(config.replay_from)
    if config.backend == "local" and config.local_model_path is not None:
        if not config.local_model_path.is_file():
            raise ConfigError(
                f"{config.local_model_path}: local_model_path is not a file "
                "(--model-path: give the path of a GGUF model file)"
            )


def require_keys(config: LLMConfig) -> None:
    """Raise `ConfigError` when an endpoint of `config` needs an API key that is not set.

    The hosts check as they build their models; this asks the same before
    any host is built (before Ray starts, say).
    """
    _completion_key(config)
    if config.embedding.backend != "hashing":
        _embedding_key(config)


def _completion_key(config: LLMConfig) -> str:
    # OpenAI itself needs a key; a server at another base URL may not.
    return read_api_key(config, required=config.backend == "openai" and config.base_url is None)


def _embedding_url(config: LLMConfig) -> str | None:
    return config.embedding.base_url or config.base_url


def _embedding_key(config: LLMConfig) -> str:
    return read_api_key(config, required=_embedding_url(config) in (None, OPENAI_URL))


def build_language_model(config: LLMConfig, *, seed: int, gate: Gate | None = None) -> TaskRunner:
    """The language model that one host (an actor, or the inline executor) uses.

    `gate`, when hosts live in several processes, bounds the requests in
    flight across all of them.
    """
    if config.backend == "scripted":
        return ScriptedModel(seed=seed)
    if config.backend == "replay":
        validate(config)
        assert config.replay_from is not None
        return TaskRunner(ReplayBackend(config.replay_from))
    if config.backend == "local":
        if config.base_url is None:
            raise ConfigError(
                "LLM backend 'local' has no server yet: build the model from the "
                "configuration that agents.llm.serve(config) yields"
            )
        model = config.model or "local"
        endpoint = OpenAICompatible(
            name=backend_name(config),
            model=model,
            base_url=config.base_url,
            api_key=_completion_key(config),
            timeout_s=config.timeout_s,
            structured_output=choose_structured_output(config.structured_output, config.base_url),
            temperature=config.temperature,
            seed=seed,
        )
    else:
        model = config.model or DEFAULT_OPENAI_MODEL
        endpoint = OpenAICompatible(
            name=backend_name(config),
            model=model,
            base_url=config.base_url,
            api_key=_completion_key(config),
            timeout_s=config.timeout_s,
            structured_output=choose_structured_output(config.structured_output, config.base_url),
            temperature=config.temperature,
            price_in_per_million=config.price_in_per_million,
            price_out_per_million=config.price_out_per_million,
        )
    limited = ConcurrencyLimited(endpoint, limit=concurrency_limit(config), gate=gate)
    retrying = Retrying(
        limited,
        max_retries=config.max_retries,
        base_s=config.retry_base_s,
        max_s=config.retry_max_s,
        rng=random.Random(seed),
        outage=_outage_watch(config, seed, gate),
    )
    return TaskRunner(
        retrying, repair_degenerate=repairs_degenerate(config), examples=config.example_answers
    )


def _outage_watch(config: LLMConfig, seed: int, gate: Gate | None) -> OutageWatch | None:
    if config.max_outage_s is None:
        return None
    return OutageWatch(
        max_outage_s=config.max_outage_s,
        base_s=config.retry_base_s,
        max_s=config.retry_max_s,
        # Its own generator: the retry jitter's draws stay as they were.
        rng=random.Random(seed + 1),
        board=gate if isinstance(gate, OutageBoard) else None,
    )


def repairs_degenerate(config: LLMConfig) -> bool:
    """Whether an answer that parses but makes no sense gets one repair before the fallback.

    As configured; else not on the packaged embedded model, whose repairs were
    measured to help once in fifteen while each costs a long prompt.
    """
    if config.repair_degenerate is not None:
        return config.repair_degenerate
    return not (config.backend == "local" and config.local_model_path is None)


def concurrency_limit(config: LLMConfig) -> int:
    """Requests in flight at once: as configured, else 2 for the single-slot local server
    (one answering, one waiting) and 32 for a remote endpoint (the latency bench shows
    little gain past it)."""
    if config.concurrency is not None:
        return config.concurrency
    return 2 if config.backend == "local" else 32


def backend_name(config: LLMConfig) -> str:
    """How a run's language model is named wherever it shows (summary, viewer, call log)."""
    if config.backend in ("scripted", "replay"):
        return config.backend
    if config.backend == "local":
        return f"local:{_model_display_name(config.model or 'local')}"
    return f"openai:{config.model or DEFAULT_OPENAI_MODEL}"


def _model_display_name(model: str) -> str:
    # "SmolLM2-135M-Instruct.Q4_1" -> "SmolLM2-135M-Instruct": the quantisation
    # is a detail of the file, not of the model users recognise.
    return model.split(".")[0] if model.count(".") == 1 else model


def build_embedder(config: LLMConfig) -> Embedder:
    """The embedder a host uses: hashing (no model) unless an endpoint is configured."""
    settings = config.embedding
    if settings.backend == "hashing":
        return HashingEmbedder(dim=settings.dim)
    return OpenAIEmbedder(
        model=settings.model or "text-embedding-3-small",
        base_url=_embedding_url(config),
        api_key=_embedding_key(config),
        timeout_s=config.timeout_s,
        max_retries=config.max_retries,
        retry_base_s=config.retry_base_s,
        retry_max_s=config.retry_max_s,
    )
