"""The OpenAI-compatible backend: any Chat Completions endpoint, through the `openai` client.

OpenAI itself, vLLM, Ollama and llama.cpp's server all speak this API; they
differ in how they constrain output to a schema, which is declared per
endpoint in `Capabilities.structured_output` (see `choose_structured_output`).
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlparse

import openai

from agents.errors import ConfigError
from agents.llm.backend import (
    BackendFailure,
    Capabilities,
    Completion,
    CompletionRequest,
    StructuredOutput,
)
from agents.llm.config import LLMConfig
from agents.llm.loop_client import LoopBoundClient
from agents.llm.redaction import redact

OPENAI_URL = "https://api.openai.com/v1"
# Sent where the endpoint needs no key (a local server); not a secret.
NO_KEY = "no-key-needed"
_ERROR_CHARS = 300


def choose_structured_output(setting: str, base_url: str | None) -> StructuredOutput:
    """How to ask an endpoint for schema-shaped JSON.

    OpenAI takes a JSON schema ("json_schema"). llama.cpp's server refuses
    that type but constrains "json_object" by the schema sent beside it by
    grammar; other compatible servers at least return JSON in that mode.
    """
    if setting in ("json_schema", "json_object", "none"):
        return setting  # type: ignore[return-value]
    host = urlparse(base_url or OPENAI_URL).hostname or ""
    return "json_schema" if host == "api.openai.com" else "json_object"


def response_format(mode: StructuredOutput, request: CompletionRequest) -> dict[str, Any] | None:
    """The `response_format` argument for one request, or None to send none."""
    if mode == "json_schema":
        name = re.sub(r"[^A-Za-z0-9_-]", "_", request.task.name)[:64] or "answer"
        return {
            "type": "json_schema",
            # Not strict: OpenAI's strict mode rejects ordinary pydantic schemas
            # (optional fields, defaults); the answer is validated here anyway.
            "json_schema": {"name": name, "schema": request.schema, "strict": False},
        }
    if mode == "json_object":
        return {"type": "json_object", "schema": grammar_safe_schema(request.schema)}
    return None


# Long length limits and patterns become grammar rules repeated once per
# allowed character; llama.cpp's server fails to parse such a grammar and its
# worker dies (seen with a 1000-character limit). Short limits are kept: they
# stop a small model from rambling in a short field or leaving a required one
# empty. The answer is validated against the full schema afterwards anyway.
_GRAMMAR_UNSAFE = frozenset({"pattern", "format"})
_MAX_GRAMMAR_LENGTH = 64
_MAX_GRAMMAR_ITEMS = 8


def grammar_safe_schema(schema: Any) -> Any:
    """The schema without the limits that blow up a grammar; the shape is kept."""
    if isinstance(schema, list):
        return [grammar_safe_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    safe = {}
    for key, value in schema.items():
        if isinstance(value, (dict, list)):
            safe[key] = grammar_safe_schema(value)
        elif key in _GRAMMAR_UNSAFE:
            continue
        elif key in ("minLength", "maxLength") and value > _MAX_GRAMMAR_LENGTH:
            continue
        elif key in ("minItems", "maxItems") and value > _MAX_GRAMMAR_ITEMS:
            continue
        else:
            safe[key] = value
    return safe


def read_api_key(config: LLMConfig, *, required: bool) -> str:
    """The key from the environment variable the configuration names."""
    key = os.environ.get(config.api_key_env, "").strip()
    if key:
        return key
    if required:
        raise ConfigError(
            f"LLM backend {config.backend!r}: environment variable {config.api_key_env!r} "
            "(LLMConfig.api_key_env) is not set; export the API key there, or set base_url "
            "to an endpoint that needs no key"
        )
    return NO_KEY


class OpenAICompatible:
    """Completes prompts through a Chat Completions endpoint; one client per instance."""

    def __init__(
        self,
        *,
        name: str,
        model: str,
        base_url: str | None,
        api_key: str,
        timeout_s: float,
        structured_output: StructuredOutput,
        temperature: float,
        price_in_per_million: float = 0.0,
        price_out_per_million: float = 0.0,
        seed: int | None = None,
    ) -> None:
        self.name = name
        self.model = model
        self.base_url = base_url
        self.capabilities = Capabilities(
            structured_output=structured_output,
            price_in_per_million=price_in_per_million,
            price_out_per_million=price_out_per_million,
        )
        self._api_key = api_key
        self._timeout_s = timeout_s
        self._temperature = temperature
        self._seed = seed
        self._client = LoopBoundClient(api_key=api_key, base_url=base_url, timeout_s=timeout_s)

    def __repr__(self) -> str:
        return f"OpenAICompatible(name={self.name!r}, base_url={self.base_url!r})"

    async def complete(self, request: CompletionRequest) -> Completion:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": request.messages,
            "max_tokens": request.max_tokens,
            "temperature": self._temperature,
        }
        fmt = response_format(self.capabilities.structured_output, request)
        if fmt is not None:
            kwargs["response_format"] = fmt
        if self._seed is not None:
            kwargs["seed"] = self._seed
        try:
            response = await self._client.get().chat.completions.create(**kwargs)
        except openai.APITimeoutError as exc:
            raise BackendFailure(
                f"no answer within {self._timeout_s:g} s (timeout)", transient=True
            ) from exc
        except openai.APIConnectionError as exc:
            raise BackendFailure(
                f"connection to {self.base_url or OPENAI_URL} failed: {self._safe(exc)}",
                transient=True,
                unreachable=True,
            ) from exc
        except openai.APIStatusError as exc:
            status = exc.status_code
            raise BackendFailure(
                f"HTTP {status} from the endpoint: {self._safe(exc)}",
                transient=status in (408, 409, 429) or status >= 500,
                retry_after_s=_retry_after(exc),
                server_error=status >= 500,
                rate_limited=status == 429,
            ) from exc
        except openai.OpenAIError as exc:
            raise BackendFailure(f"unusable response: {self._safe(exc)}", transient=True) from exc
        return self._completion(response)

    def _completion(self, response: Any) -> Completion:
        try:
            text = response.choices[0].message.content or ""
        except (AttributeError, IndexError, TypeError) as exc:
            raise BackendFailure(
                f"unusable response (no choices[0].message): {self._safe(response)}",
                transient=True,
            ) from exc
        usage = getattr(response, "usage", None)
        return Completion(
            text=text,
            model=getattr(response, "model", None) or self.model,
            tokens_in=int(getattr(usage, "prompt_tokens", 0) or 0),
            tokens_out=int(getattr(usage, "completion_tokens", 0) or 0),
        )

    def _safe(self, thing: object) -> str:
        text = redact(str(thing), self._api_key)
        return text if len(text) <= _ERROR_CHARS else text[:_ERROR_CHARS] + "..."

    async def aclose(self) -> None:
        await self._client.aclose()


def _retry_after(exc: openai.APIStatusError) -> float | None:
    try:
        value = exc.response.headers.get("retry-after")
        return float(value) if value is not None else None
    except (AttributeError, ValueError):
        return None
