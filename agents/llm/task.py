"""A cognitive task: typed inputs, a prompt template, a typed answer, a safe fallback.

The mind asks a `LanguageModel` to run a task and gets the output model back;
it never sees prompt text handling, HTTP or JSON.
"""

from __future__ import annotations

import copy
import json
import random
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from agents.llm.degenerate import AnswerShape, PromptContext, degenerate_reason, prompt_context
from agents.llm.schema_hint import answer_instruction

Out = TypeVar("Out", bound=BaseModel)

EXAMPLE_LEAD = "For example (the words must be your own):"
PROMPTS_DIR = Path(__file__).resolve().parent.parent / "tasks" / "prompts"


class TemplateError(ValueError):
    """A prompt template file is missing or malformed."""


@cache
def load_template(name: str, prompts_dir: Path = PROMPTS_DIR) -> tuple[str, str]:
    """Read a prompt template file: a `### system` part and a `### user` part."""
    path = prompts_dir / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: prompt template not found") from exc
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        header = line.strip().lower()
        if header in ("### system", "### user"):
            current = header.removeprefix("### ")
            parts[current] = []
        elif current is None:
            if line.strip():
                raise TemplateError(
                    f"{path}:{lineno}: text before the first '### system' or '### user' header"
                )
        else:
            parts[current].append(line)
    if "user" not in parts:
        raise TemplateError(f"{path}: no '### user' part")
    return "\n".join(parts.get("system", [])).strip(), "\n".join(parts["user"]).strip()


class Task(BaseModel, Generic[Out]):
    """Base of every cognitive task; subclass as `class RateImportance(Task[ImportanceRating])`.

    A subclass sets `name` and `template` and implements `fallback` (the safe
    answer used when the model fails) and `scripted` (the deterministic rule
    used by the scripted backend). Its pydantic fields are the task's inputs;
    `variables` turns them into the strings the template names. `answer_shape`
    says which of the answer's fields hold words worth checking for sense.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]
    template: ClassVar[str]
    output_model: ClassVar[type[BaseModel]]
    max_tokens: ClassVar[int] = 256
    answer_shape: ClassVar[AnswerShape] = AnswerShape()
    # One good answer, shown to small models after the answer's shape (`messages(example=True)`).
    example: ClassVar[dict[str, Any] | None] = None
    # Where `template` lives; tasks defined outside `agents/tasks` (tests) point elsewhere.
    prompts_dir: ClassVar[Path] = PROMPTS_DIR

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for base in cls.__mro__:
            meta = getattr(base, "__pydantic_generic_metadata__", None)
            if meta and meta["origin"] is Task and meta["args"]:
                cls.output_model = meta["args"][0]
                break

    def variables(self) -> dict[str, str]:
        """The template's variables; by default every field, as text."""
        return {key: _as_text(value) for key, value in self}

    def messages(self, *, example: bool = False) -> list[dict[str, str]]:
        """The chat messages for this task, the output schema described at the end
        (followed by the task's example answer, if `example` and it has one)."""
        system, user = load_template(self.template, self.prompts_dir)
        values = self.variables()
        try:
            user_text = user.format_map(values)
            system_text = system.format_map(values)
        except KeyError as exc:
            raise TemplateError(
                f"{self.prompts_dir / self.template}: names {{{exc.args[0]}}}, "
                f"which task {self.name!r} does not provide"
            ) from exc
        user_text += "\n\n" + self._instruction(example)
        messages = [{"role": "system", "content": system_text}] if system_text else []
        messages.append({"role": "user", "content": user_text})
        return messages

    def _instruction(self, example: bool) -> str:
        instruction = answer_instruction(self.output_model)
        if example and self.example is not None:
            shown = json.dumps(self.example, ensure_ascii=False)
            instruction += f"\n{EXAMPLE_LEAD}\n{shown}"
        return instruction

    def output_schema(self) -> dict[str, Any]:
        """The JSON schema of the answer, as sent to endpoints that constrain output.

        A task whose inputs narrow the answer (one score per listed memory)
        may narrow the schema too.
        """
        return copy.deepcopy(_json_schema(self.output_model))

    def prompt_context(self, messages: list[dict[str, str]]) -> PromptContext:
        """What an answer to `messages` (this task's prompt) is checked against for sense."""
        system, user = load_template(self.template, self.prompts_dir)
        shown = any(EXAMPLE_LEAD in m["content"] for m in messages)
        instruction = self._instruction(shown).replace("{", "{{").replace("}", "}}")
        return prompt_context(
            [system, user, instruction],
            self.variables(),
            [m["content"] for m in messages],
            field_names=schema_field_names(self.output_model),
        )

    def unusable(self, answer: Out, messages: list[dict[str, str]]) -> str | None:
        """Why a valid answer to `messages` (this task's prompt) cannot be used, or None."""
        data = answer.model_dump(mode="json")
        return degenerate_reason(data, self.answer_shape, self.prompt_context(messages))

    def fallback(self) -> Out:
        raise NotImplementedError

    def scripted(self, rng: random.Random) -> Out:
        raise NotImplementedError


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {_as_text(v)}" for v in value) or "(none)"
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return str(value)


@cache
def schema_field_names(model: type[BaseModel]) -> frozenset[str]:
    """Every field name of an answer model, nested models included."""
    schema = _json_schema(model)
    nodes = [schema, *schema.get("$defs", {}).values()]
    return frozenset(name for node in nodes for name in node.get("properties", {}))


@cache
def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema, made once (pydantic makes it afresh at every call)."""
    return model.model_json_schema()
