"""Events: what happened, one JSON object per line in `events.jsonl`.

Every event has `tick`, `time` (ISO game time), `type` and `agent` (None for
events of the world), then the fields of its type, in this order. Each type
is a record below; `Event` is any of them, told apart by `type`, and
`parse_event` reads one back from its JSON object or line.

```python
event = parse_event(line)
if isinstance(event, UtteranceEvent):
    print(event.agent, "to", event.listener, ":", event.text)
```
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    model_serializer,
)

from agents.contract import WakeReason


class BaseEvent(BaseModel):
    """What every event has: when it happened, its type, and whose it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tick: int
    time: str
    type: str
    agent: str | None = None


class _AgentEvent(BaseEvent):
    agent: str


class DayStartedEvent(BaseEvent):
    """A new game day began (at tick 0 and at every midnight)."""

    type: Literal["day_started"] = "day_started"
    agent: None = None
    day: str  # ISO date


class MemoryInjectedEvent(_AgentEvent):
    """A memory was told to an agent from outside the town (a scenario or `--inject`)."""

    type: Literal["memory_injected"] = "memory_injected"
    text: str


class WokenEvent(_AgentEvent):
    """The engine asked an agent to think this tick, and why."""

    type: Literal["woken"] = "woken"
    reasons: list[WakeReason]


class AgentErrorEvent(_AgentEvent):
    """An agent's thinking failed this tick; it keeps doing what it did."""

    type: Literal["agent_error"] = "agent_error"
    error: str


class ActionStartedEvent(_AgentEvent):
    """An agent set out on a new action; `path_length` tiles to walk first."""

    type: Literal["action_started"] = "action_started"
    description: str
    address: str
    emoji: str
    duration_minutes: int
    path_length: int
    unknown_address: str | None = None  # the address asked for, when the map has no such place
    unreachable: bool = False  # no path leads to the address

    @model_serializer(mode="wrap")
    def _only_problems_that_happened(self, handler: SerializerFunctionWrapHandler) -> Any:
        # The log names a problem only when there was one.
        data = handler(self)
        if data.get("unknown_address") is None:
            data.pop("unknown_address", None)
        if not data.get("unreachable"):
            data.pop("unreachable", None)
        return data


class ActionFinishedEvent(_AgentEvent):
    """An agent's action ended: its time was up, or its conversation closed."""

    type: Literal["action_finished"] = "action_finished"
    description: str
    address: str


class ArrivedEvent(_AgentEvent):
    """An agent reached the place of its action."""

    type: Literal["arrived"] = "arrived"
    address: str


class ObjectStateEvent(_AgentEvent):
    """An object changed state because of an agent ("idle" when it was let go)."""

    type: Literal["object_state"] = "object_state"
    address: str
    state: str


class UtteranceEvent(_AgentEvent):
    """An agent (`agent`) said something to `listener` in a conversation."""

    type: Literal["utterance"] = "utterance"
    listener: str
    text: str
    conversation: str
    turn: int
    ends_conversation: bool


class UtteranceDroppedEvent(_AgentEvent):
    """An agent spoke but nobody heard: `reason` says why."""

    type: Literal["utterance_dropped"] = "utterance_dropped"
    listener: str
    text: str
    reason: str


class ConversationStartedEvent(_AgentEvent):
    """`agent` opened a conversation with the other participant."""

    type: Literal["conversation_started"] = "conversation_started"
    conversation: str
    participants: list[str]


class ConversationEndedEvent(_AgentEvent):
    """A conversation closed after `turns` utterances; `reason` says why."""

    type: Literal["conversation_ended"] = "conversation_ended"
    conversation: str
    participants: list[str]
    turns: int
    reason: str


class BudgetExhaustedEvent(BaseEvent):
    """The run's token or cost budget is spent; the run stops after this tick."""

    type: Literal["budget_exhausted"] = "budget_exhausted"
    agent: None = None
    reason: str


Event = Annotated[
    DayStartedEvent
    | MemoryInjectedEvent
    | WokenEvent
    | AgentErrorEvent
    | ActionStartedEvent
    | ActionFinishedEvent
    | ArrivedEvent
    | ObjectStateEvent
    | UtteranceEvent
    | UtteranceDroppedEvent
    | ConversationStartedEvent
    | ConversationEndedEvent
    | BudgetExhaustedEvent,
    Field(discriminator="type"),
]
"""Any event, told apart by its `type`."""

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)

EVENT_TYPES: tuple[str, ...] = tuple(
    record.model_fields["type"].default for record in get_args(get_args(Event)[0])
)
"""Every `type` an event can have."""


def parse_event(data: dict[str, Any] | str | bytes) -> Event:
    """One event from its JSON object (or its line); a `ValueError` says what is wrong."""
    try:
        if isinstance(data, str | bytes):
            return _EVENT.validate_json(data)
        return _EVENT.validate_python(data)
    except ValidationError as exc:
        raise ValueError(_problems(exc)) from exc


def _problems(exc: ValidationError) -> str:
    """The validation errors in a user's words: the field, then what is wrong with it."""
    problems, kind = [], None
    for error in exc.errors():
        if error["type"] == "union_tag_invalid":
            tag = error["ctx"]["tag"]
            return f"unknown event type {tag!r} (known: {', '.join(sorted(EVENT_TYPES))})"
        if error["type"] == "json_invalid":
            return f"not valid JSON ({error['ctx']['error']})"
        if error["type"] == "union_tag_not_found":
            return "field type: missing; every event names its type"
        kind, *loc = error["loc"] or (None,)  # errors of a field come under the event's type
        field = ".".join(str(part) for part in loc) or "(line)"
        problems.append(f"field {field}: {error['msg']}")
    what = f"a valid {kind} event" if kind else "a valid event"
    return f"not {what}: " + "; ".join(problems)
