"""Keeping what is usable in a small model's answer instead of asking for a repair.

Used as pydantic "before" validators on output models: a list keeps its
valid entries, a number outside its bounds is brought inside them, a string
over its length is cut.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError


def keep_valid(items: Any, model: type[BaseModel]) -> Any:
    """The entries of a list answer that validate as `model`; the others are dropped.

    Small models often get one hour of twenty-four wrong (an empty activity,
    hour 24); the rest of the answer is still worth keeping. A list with no
    valid entry is left as it is, so validation fails and the task repairs.
    """
    if not isinstance(items, list):
        return items
    kept = []
    for item in items:
        try:
            kept.append(model.model_validate(item))
        except ValidationError:
            continue
    return kept or items


def bounded(value: object, low: int, high: int) -> object:
    """A number brought within [low, high] as an integer; anything else as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return min(high, max(low, int(value)))
    return value


def cut(value: object, limit: int) -> object:
    """A string cut to `limit` characters (and stripped); anything else as it is."""
    return value[:limit].strip() if isinstance(value, str) else value
