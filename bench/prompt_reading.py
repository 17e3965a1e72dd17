"""Reading a task back from the prompt it rendered: which task it is and what it was given.

An endpoint sees only chat messages. Each task's template, as filled in by
`Task.messages`, becomes a pattern whose groups are the template's variables;
their text is turned back into the task's inputs, so that the task's own
`scripted` rule can answer. The few inputs a prompt does not show are
inferred from what it does show (see `_INFERRED`), so for those tasks the
answer is close to the scripted backend's rather than equal to it.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

from pydantic import ValidationError

from agents.llm.schema_hint import answer_instruction
from agents.llm.task import Task, load_template
from agents.tasks import examples

Messages = list[dict[str, Any]]
Values = dict[str, str]


@dataclass(frozen=True)
class _Pattern:
    """A task's prompt as patterns: its system part and its user part."""

    task: type[Task]
    system: re.Pattern[str]
    user: re.Pattern[str]


def read_task(messages: Messages) -> Task | None:
    """The task whose template rendered these messages, with its inputs; None if none did.

    Only the first system and the first user message count, so a repair
    request (which appends the failed answer and a correction) reads as the
    task it repairs.
    """
    system = next((str(m.get("content", "")) for m in messages if m.get("role") == "system"), "")
    user = next((str(m.get("content", "")) for m in messages if m.get("role") == "user"), None)
    if user is None:
        return None
    for pattern in _patterns():
        head = pattern.system.fullmatch(system)
        body = pattern.user.fullmatch(user) if head else None
        if head is None or body is None:
            continue
        try:
            return _build(pattern.task, {**head.groupdict(), **body.groupdict()})
        except (ValidationError, ValueError):
            continue
    return None


@cache
def _patterns() -> tuple[_Pattern, ...]:
    kinds = list(dict.fromkeys(type(task) for task in examples()))
    patterns = []
    for kind in kinds:
        system, user = load_template(kind.template, kind.prompts_dir)
        closing = "\n\n" + answer_instruction(kind.output_model)
        patterns.append(
            _Pattern(
                task=kind,
                system=re.compile(_template_pattern(system), re.DOTALL),
                user=re.compile(_template_pattern(user) + re.escape(closing), re.DOTALL),
            )
        )
    return tuple(patterns)


def _template_pattern(template: str) -> str:
    """A regular expression matching the template filled in with any values."""
    parts: list[str] = []
    named: set[str] = set()
    for literal, field, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field in named:
            parts.append(f"(?P={field})")
        else:
            named.add(field)
            parts.append(f"(?P<{field}>.*?)")
    return "".join(parts)


def _build(kind: type[Task], values: Values) -> Task:
    readers = _READERS.get(kind.name, {})
    fields: dict[str, Any] = {}
    for name, info in kind.model_fields.items():
        if name in values:
            read = readers.get(name) or _reader_for(info.annotation)
            fields[name] = read(values[name])
    inferred = _INFERRED.get(kind.name)
    if inferred is not None:
        fields.update(inferred(fields))
    return kind.model_validate(fields)


def _reader_for(annotation: Any) -> Callable[[str], Any]:
    if annotation is int:
        return int
    if typing.get_origin(annotation) is tuple:
        return bullets
    return str


def bullets(text: str) -> tuple[str, ...]:
    """The items of a list rendered as "- item" lines ("(none)" when empty)."""
    if text == "(none)":
        return ()
    if not text.startswith("- "):
        raise ValueError(f"not a list of '- ' items: {text[:40]!r}")
    return tuple(text[2:].split("\n- "))


def numbered(text: str) -> tuple[str, ...]:
    """The items of a list rendered as "1. item" lines."""
    items = re.split(r"(?:^|\n)\d+\. ", text)
    if items[0]:
        raise ValueError(f"not a numbered list: {text[:40]!r}")
    return tuple(items[1:])


def places(text: str) -> tuple[str, ...]:
    """The addresses an outline of places lists ("Area:room (bed, desk)" per line)."""
    found: list[str] = []
    for line in bullets(text):
        room, objects = re.fullmatch(r"(.*?)(?: \((.*)\))?", line).groups()  # type: ignore[union-attr]
        found.append(room)
        found += [f"{room}:{name}" for name in (objects or "").split(", ") if name]
    return tuple(found)


_READERS: dict[str, dict[str, Callable[[str], Any]]] = {
    "rate_importance": {"memories": numbered},
    "infer_insights": {"statements": numbered},
    "choose_action": {"known_places": places},
}


def _identity_line(identity: str, label: str) -> str:
    """The text after `label: ` on its own line of a persona's identity, or ""."""
    found = re.search(rf"^{re.escape(label)}: (.*)$", identity, re.MULTILINE)
    return found.group(1) if found else ""


def _utterance_inputs(fields: dict[str, Any]) -> dict[str, Any]:
    # The turn is how many lines were said before; "currently" is on the persona's identity.
    return {
        "turn": len(fields.get("dialogue", ())),
        "currently": _identity_line(fields.get("summary", ""), "Currently"),
    }


def _reaction_inputs(fields: dict[str, Any]) -> dict[str, Any]:
    # Acquaintances are not listed: those nearby whom the summary or the memories name.
    known = [fields.get("summary", ""), *fields.get("memories", ())]
    return {
        "acquaintances": tuple(
            name for name in fields.get("nearby", ()) if any(name in text for text in known)
        )
    }


def _summary_inputs(fields: dict[str, Any]) -> dict[str, Any]:
    identity = fields.get("identity", "")
    return {
        "innate": _identity_line(identity, "Innate traits") or "themselves",
        "occupation": _identity_line(identity, "Occupation"),
        "currently": _identity_line(identity, "Currently"),
    }


_INFERRED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "next_utterance": _utterance_inputs,
    "react_or_continue": _reaction_inputs,
    "summarise_agent": _summary_inputs,
}
