"""Keeping API keys out of every string Hamlet writes: records, logs, errors."""

from __future__ import annotations

import re

# Keys of OpenAI and most compatible services; caught even when the key in
# use is another one (e.g. an error body quoting a different key).
_KEY_LIKE = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_\-]{6,}")


def redact(text: str, secret: str | None = None) -> str:
    """`text` with the secret and anything shaped like an API key replaced by `***`."""
    if secret:
        text = text.replace(secret, "***")
    return _KEY_LIKE.sub(lambda m: f"{m.group(1)}-***", text)
