"""What each host actor was asked since its residents' last snapshot: enough to rebuild it.

A slot is a group of residents and the actor that hosts them now. Every
decision or settlement sent to it is a step; once its result is in, the
step keeps the answers its calls got. When the actor dies, a new one
restores the snapshot, replays the finished steps on those answers and is
sent again the steps that had not finished — the run goes on as if nothing
had happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.contract import Perception
from agents.llm import CallRecord
from agents.snapshot_changes import is_change, whole
from agents.spec import AgentSpec


@dataclass
class Step:
    """One decision (`perceptions`) or settlement (None) sent to a slot's actor."""

    slot: HostSlot
    perceptions: list[Perception] | None
    ref: Any  # the pending result
    answers: list[CallRecord] | None = None  # once the result is in

    @property
    def done(self) -> bool:
        return self.answers is not None

    def finish(self, calls: list[CallRecord]) -> None:
        # Only what a replay needs: the prompts themselves are in the call log.
        self.answers = [call.model_copy(update={"messages": []}) for call in calls]


@dataclass
class HostSlot:
    """A group of residents, the actor hosting them, and its steps since their snapshot."""

    index: int
    specs: list[AgentSpec]
    actor: Any = None
    generation: int = 0
    # Per resident, its last full snapshot and the changes since (oldest first).
    snapshots: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    restarts: int = 0  # since the last snapshot

    @property
    def names(self) -> list[str]:
        return [spec.persona.name for spec in self.specs]

    @property
    def holder(self) -> str:
        """Who holds model-request slots at the gate: this slot's present actor."""
        return f"{self.index}.{self.generation}"

    def send(self, perceptions: list[Perception] | None) -> Step:
        """Ask the actor for a decision (or a settlement) and keep the step."""
        step = Step(self, perceptions, self._call(perceptions))
        self.steps.append(step)
        return step

    def resend(self, step: Step) -> None:
        step.ref = self._call(step.perceptions)

    def _call(self, perceptions: list[Perception] | None) -> Any:
        if perceptions is None:
            return self.actor.settle.remote()
        return self.actor.decide.remote(perceptions)

    def snapshot_taken(self, states: dict[str, dict[str, Any]]) -> None:
        """The residents' states (or their changes) as of now: the steps before are no
        longer needed."""
        for name in self.names:
            if name not in states:
                continue
            state = states[name]
            chain = self.snapshots.setdefault(name, [])
            if is_change(state):
                chain.append(state)
            else:
                chain[:] = [state]
        self.steps = []
        self.restarts = 0

    def states(self) -> dict[str, dict[str, Any]]:
        """The residents' full states at their last snapshot."""
        for chain in self.snapshots.values():
            if len(chain) > 1:
                chain[:] = [whole(chain)]
        return {name: chain[0] for name, chain in self.snapshots.items()}

    def replay_plan(self) -> tuple[list[list[Perception] | None], list[CallRecord], list[Step]]:
        """What a new actor replays (finished steps, their answers) and what it is sent again."""
        finished = [step for step in self.steps if step.done]
        answers = [answer for step in finished for answer in step.answers or []]
        return (
            [step.perceptions for step in finished],
            answers,
            [step for step in self.steps if not step.done],
        )
