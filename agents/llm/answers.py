"""Reading a model's answer text into the task's output model, and asking for a repair.

Models wrap JSON in code fences, chat around it, or get fields wrong; this
finds the first JSON object in the text and validates it. Whatever the text,
the result is either a valid object or an error a model can act on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from agents.llm.schema_hint import answer_instruction

Out = TypeVar("Out", bound=BaseModel)

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
_MAX_ERRORS_SHOWN = 5
_QUOTE_CHARS = 200


@dataclass(frozen=True)
class ParsedAnswer(Generic[Out]):
    """Either `value` (valid) or `error` (what was wrong, in words a model understands)."""

    value: Out | None
    error: str | None


def parse_answer(text: str, model: type[Out]) -> ParsedAnswer[Out]:
    """The task's output object found in a model's answer text, or why there is none."""
    try:
        candidate = _find_json_object(text)
    except RecursionError:
        return ParsedAnswer(None, "the JSON is nested too deeply")
    if candidate is None:
        return ParsedAnswer(None, f"no JSON object found in the answer {quote(text)}")
    try:
        return ParsedAnswer(model.model_validate(candidate), None)
    except ValidationError as exc:
        return ParsedAnswer(None, describe_validation_error(exc))
    except (ValueError, TypeError, RecursionError) as exc:
        # A task's own validators may raise these; the answer is still just wrong.
        return ParsedAnswer(None, f"the JSON object is not acceptable: {exc}")


def _find_json_object(text: str) -> dict[str, object] | None:
    places = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    # Not strict: a raw line break inside a string is read, not worth a repair.
    decoder = json.JSONDecoder(strict=False)
    for place in places:
        stripped = place.strip()
        start = stripped.find("{")
        while start != -1:
            try:
                value, _ = decoder.raw_decode(stripped, start)
            except json.JSONDecodeError:
                value = None
            if isinstance(value, dict):
                return value
            start = stripped.find("{", start + 1)
    return None


def describe_validation_error(exc: ValidationError) -> str:
    """A validation error as a few short lines: which field, what was wrong."""
    lines = []
    for error in exc.errors()[:_MAX_ERRORS_SHOWN]:
        where = ".".join(str(p) for p in error["loc"]) or "(the object)"
        lines.append(f"field {where!r}: {error['msg']}")
    more = exc.error_count() - _MAX_ERRORS_SHOWN
    if more > 0:
        lines.append(f"... and {more} more")
    return "; ".join(lines)


def repair_messages(
    messages: list[dict[str, str]],
    answer: str,
    error: str,
    model: type[BaseModel],
    *,
    verdict: str = "That answer was not valid",
) -> list[dict[str, str]]:
    """The conversation that shows the model its wrong answer and what was wrong with it."""
    return [
        *messages,
        {"role": "assistant", "content": answer},
        {
            "role": "user",
            "content": f"{verdict}: {error}.\n{answer_instruction(model)}",
        },
    ]


def quote(text: str) -> str:
    """A short quotation of a model's text for an error message."""
    if len(text) <= _QUOTE_CHARS:
        return repr(text)
    return repr(text[:_QUOTE_CHARS]) + f" (and {len(text) - _QUOTE_CHARS} more characters)"
