"""The answer's shape written for a model to read, appended to every task's prompt.

Small models follow a compact example-like shape far better than a raw JSON
schema, and the shape costs a fraction of the tokens. Endpoints that can
constrain output get the real schema besides (see `openai_compat`).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pydantic import BaseModel

_DEPTH_LIMIT = 6


@cache
def answer_instruction(model: type[BaseModel]) -> str:
    """The closing line of a prompt: answer with one JSON object of this shape."""
    schema = model.model_json_schema()
    shape = _shape(schema, schema.get("$defs", {}), 0)
    return f"Answer with one JSON object only, no other text, in this shape:\n{shape}"


def _shape(node: dict[str, Any], defs: dict[str, Any], depth: int) -> str:
    if depth > _DEPTH_LIMIT:
        return "<...>"
    ref = node.get("$ref")
    if isinstance(ref, str):
        return _shape(defs.get(ref.rsplit("/", 1)[-1], {}), defs, depth + 1)
    if "const" in node:
        return json.dumps(node["const"])
    if "enum" in node:
        return " | ".join(json.dumps(v) for v in node["enum"])
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        real = [o for o in options if o.get("type") != "null"]
        text = " | ".join(_shape(o, defs, depth + 1) for o in real) or "null"
        return text + (" or null" if len(real) < len(options) else "")
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        fields = ", ".join(
            f"{json.dumps(name)}: {_shape(sub, defs, depth + 1)}"
            for name, sub in node["properties"].items()
        )
        return "{" + fields + "}"
    if kind == "array":
        item = _shape(node.get("items", {}), defs, depth + 1)
        return f"[{item}, ...]"
    return f"<{_describe_scalar(node)}>"


def _describe_scalar(node: dict[str, Any]) -> str:
    words = [str(node.get("type", "any"))]
    low = node.get("minimum", node.get("exclusiveMinimum"))
    high = node.get("maximum", node.get("exclusiveMaximum"))
    if low is not None and high is not None:
        words.append(f"{low} to {high}")
    elif low is not None:
        words.append(f"at least {low}")
    elif high is not None:
        words.append(f"at most {high}")
    if "maxLength" in node:
        words.append(f"at most {node['maxLength']} characters")
    description = node.get("description")
    if description:
        return f"{' '.join(words)}: {description}"
    return " ".join(words)
