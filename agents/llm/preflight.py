"""Before a run starts: does its endpoint answer, accept the key and offer the model?

A typo in `--base-url` or a refused key should cost a second and one line,
not a town of fallbacks. The check asks `GET /models`, which OpenAI and the
compatible servers answer cheaply; where that path is missing, one tiny
chat request tells whether the Chat Completions API is there at all.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from agents.errors import ConfigError
from agents.llm.redaction import redact

_CHECK_TIMEOUT_S = 10.0
_SHOWN_MODELS = 8


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes


def check_endpoint(base_url: str, *, api_key: str, key_env: str, model: str) -> None:
    """Raise `ConfigError` (one line: which URL, what failed, what to do) unless the
    endpoint at `base_url` answers, accepts the key and offers `model`."""
    url = base_url.rstrip("/")
    answer = _ask(f"{url}/models", url, api_key)
    if answer.status == 404:
        tiny = {"model": model, "messages": [{"role": "user", "content": "ok"}], "max_tokens": 1}
        _judge_status(_ask(f"{url}/chat/completions", url, api_key, tiny), url, key_env, model)
        return
    _judge_status(answer, url, key_env, model)
    _judge_models(_json(answer.body), url, model)


def _ask(target: str, url: str, api_key: str, body: dict[str, Any] | None = None) -> _Answer:
    """GET `target` (POST `body` if given); an HTTP error status is an answer too."""
    request = urllib.request.Request(
        target,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=_CHECK_TIMEOUT_S) as response:
            return _Answer(response.status, response.read())
    except urllib.error.HTTPError as exc:
        return _Answer(exc.code, exc.read() or b"")
    except TimeoutError as exc:
        raise ConfigError(
            f"endpoint {url}: no answer within {_CHECK_TIMEOUT_S:g} s; check --base-url "
            "and that the server is running"
        ) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ConfigError(
            f"endpoint {url}: cannot connect ({redact(str(reason), api_key)}); check "
            "--base-url and that the server is running"
        ) from exc


def _judge_status(answer: _Answer, url: str, key_env: str, model: str) -> None:
    status = answer.status
    if status < 400:
        return
    if status in (401, 403):
        raise ConfigError(
            f"endpoint {url}: the API key in ${key_env} was refused (HTTP {status}); "
            f"check the key, or name another variable with --api-key-env"
        )
    if status == 404:
        raise ConfigError(
            f"endpoint {url}: no Chat Completions API here, or no model {model!r} "
            "(HTTP 404); check --base-url (it usually ends in /v1) and --model"
        )
    if status >= 500:
        raise ConfigError(
            f"endpoint {url}: the server fails (HTTP {status}); check the server, "
            "or try again later"
        )
    # A 400 or 429 to a well-formed probe still means someone is there.


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _judge_models(listing: Any, url: str, model: str) -> None:
    """Refuse a model the endpoint's own list leaves out; say nothing if it lists none."""
    data = listing.get("data") if isinstance(listing, dict) else None
    if not isinstance(data, list):
        return
    ids = [
        item["id"] for item in data if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]
    if not ids or model in ids:
        return
    shown = ", ".join(sorted(ids)[:_SHOWN_MODELS]) + (", ..." if len(ids) > _SHOWN_MODELS else "")
    raise ConfigError(
        f"endpoint {url}: no model {model!r} (it offers: {shown}); choose one with --model"
    )
