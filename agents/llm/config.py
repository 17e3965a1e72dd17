"""Configuration of the language-model layer, one pydantic model with defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BackendName = Literal["local", "openai", "scripted", "replay"]


class EmbeddingConfig(BaseModel):
    """Which embedder turns memories into vectors."""

    model_config = ConfigDict(extra="forbid")

    backend: Literal["hashing", "openai"] = "hashing"
    dim: int = Field(384, ge=8, le=8192)
    model: str | None = None
    # None: the language model's endpoint (LLMConfig.base_url), else OpenAI's.
    base_url: str | None = None


class LLMConfig(BaseModel):
    """How agents reach a language model.

    The API key itself is never part of the configuration: `api_key_env`
    names the environment variable that holds it.
    """

    model_config = ConfigDict(extra="forbid")

    backend: BackendName = "local"
    base_url: str | None = None
    model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    timeout_s: float = Field(60.0, gt=0)
    max_retries: int = Field(4, ge=0, le=20)
    retry_base_s: float = Field(0.5, ge=0)
    retry_max_s: float = Field(20.0, ge=0)
    max_outage_s: float | None = Field(
        None,
        gt=0,
        description="seconds an unreachable or rate-limiting endpoint is waited for; "
        "None: such calls are retried like any failure, then take their fallback",
    )
    concurrency: int | None = Field(
        None, ge=1, le=1024, description="requests in flight run-wide; default 2 local, 32 remote"
    )
    repair_degenerate: bool | None = Field(
        None, description="one repair for a nonsensical answer; default: not on the packaged model"
    )
    example_answers: bool = Field(
        False, description="end prompts with the task's example answer, where it has one"
    )
    structured_output: Literal["auto", "json_schema", "json_object"] = "auto"
    price_in_per_million: float = Field(0.0, ge=0)
    price_out_per_million: float = Field(0.0, ge=0)
    temperature: float = Field(0.7, ge=0, le=2)
    replay_from: Path | None = None
    local_model_path: Path | None = None
    local_n_ctx: int = Field(4096, ge=512)
    # None: one per core. Fewer keeps the server steady when agents share the cores.
    local_threads: int | None = Field(None, ge=1)
    embedding: EmbeddingConfig = EmbeddingConfig()
