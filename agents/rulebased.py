"""A rule-based agent: no language model, seeded choices. For engine tests and huge towns.

It wanders between the places it knows, greets agents it meets and answers
when spoken to, so that every part of the engine (paths, objects, dialogue
routing, checkpoints) is exercised without any model. It says "rule-based"
wherever it shows.
"""

from __future__ import annotations

from typing import Any

from agents.contract import (
    Action,
    AgentView,
    Decision,
    InterviewAnswer,
    Perception,
    Utterance,
    WakeReason,
)
from agents.seeding import rng_for
from agents.spec import AgentSpec

_GREETINGS = ("Hello, {name}!", "Good to see you, {name}.", "Hi {name}, how are you?")
_REPLIES = ("Doing well, thanks.", "Busy day today.", "Nice weather, isn't it?")
_FAREWELL = "See you later!"


class RuleBasedAgent:
    """Wanders, greets and answers by fixed rules (named "rule-based")."""

    def __init__(self, spec: AgentSpec) -> None:
        self.spec = spec
        self.name = spec.persona.name
        self._rng = rng_for(spec.seed, self.name)
        self._log: list[str] = []
        self._plan: list[str] = []

    async def decide(self, perception: Perception) -> Decision:
        if perception.heard:
            return self._answer(perception.heard[-1])
        if perception.in_conversation_with:
            return Decision(agent=self.name)
        if WakeReason.NEW_AGENT in perception.wake and perception.agents:
            other = min(perception.agents, key=lambda seen: (seen.distance, seen.name))
            if self._rng.random() < 0.5:
                text = self._rng.choice(_GREETINGS).format(name=other.name.split()[0])
                return self._say(other.name, text, "", 0, ends=False)
        if perception.action_done or perception.current_action is None or perception.wake:
            return Decision(agent=self.name, action=self._wander())
        return Decision(agent=self.name)

    def _answer(self, heard: Utterance) -> Decision:
        if heard.ends_conversation:
            return Decision(agent=self.name, action=self._wander())
        ends = heard.turn >= 2
        text = _FAREWELL if ends else self._rng.choice(_REPLIES)
        return self._say(heard.speaker, text, heard.conversation, heard.turn + 1, ends)

    def _say(self, listener: str, text: str, conversation: str, turn: int, ends: bool) -> Decision:
        self._log.append(f"to {listener}: {text}")
        utterance = Utterance(
            speaker=self.name,
            listener=listener,
            text=text,
            conversation=conversation,
            turn=turn,
            ends_conversation=ends,
        )
        return Decision(agent=self.name, utterance=utterance)

    def _wander(self) -> Action:
        places = list(self.spec.known_places) or [self.spec.persona.home]
        address = self._rng.choice(places)
        minutes = self._rng.choice((10, 15, 20, 30, 45, 60))
        self._plan = [f"spend {minutes} minutes at {address}"]
        return Action(
            description=f"spending time at {address.split(':')[-1]}",
            address=address,
            duration_minutes=minutes,
            emoji="🚶",
        )

    async def settle(self) -> None:
        """Nothing to settle: a rule-based agent thinks nothing in the background."""

    def snapshot(self, since: int | None = None) -> dict[str, Any]:
        """The whole state, whatever `since` says: it is small."""
        version, internal, gauss = self._rng.getstate()
        return {
            "rng": [version, list(internal), gauss],
            "log": list(self._log),
            "plan": list(self._plan),
        }

    def restore(self, state: dict[str, Any]) -> None:
        version, internal, gauss = state["rng"]
        self._rng.setstate((version, tuple(internal), gauss))
        self._log = list(state["log"])
        self._plan = list(state["plan"])

    def view(self) -> AgentView:
        return AgentView(
            summary=f"{self.name} (rule-based agent, no language model)",
            plan=tuple(self._plan),
            conversation=tuple(self._log[-6:]),
            backend="rule-based",
        )

    async def interview(self, question: str) -> InterviewAnswer:
        """No answer in character (there is no model); what it said lately stands for memories."""
        return InterviewAnswer(
            answer=f"{self.name} is a rule-based agent, with no language model to answer with.",
            memories=self._log[-6:][::-1],
        )
