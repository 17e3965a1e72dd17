"""Dialogue: the state of a conversation the agent is in, and how it speaks and remembers it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from agents.llm.protocol import LanguageModel
from agents.persona import Persona
from agents.tasks.conversation import Line, NextUtterance, SummariseConversation


class ConversationState(BaseModel):
    """The conversation the agent is having: with whom, its id, the lines so far."""

    model_config = ConfigDict(extra="forbid")

    partner: str
    id: str = ""
    lines: list[str] = []
    turn: int = 0

    def add(self, speaker: str, text: str) -> None:
        self.lines.append(f"{speaker}: {text}")


def transcript(conversation: ConversationState) -> str:
    """The conversation as the text of one chat memory."""
    return "\n".join(conversation.lines)


async def takeaway(llm: LanguageModel, agent: str, conversation: ConversationState) -> str:
    """What the agent retains from a finished conversation, in a sentence or two (one call)."""
    answer = await llm.run(
        SummariseConversation(
            agent=agent, partner=conversation.partner, dialogue=tuple(conversation.lines)
        ),
        agent=agent,
    )
    return answer.summary.strip()


async def next_line(
    llm: LanguageModel,
    persona: Persona,
    summary: str,
    conversation: ConversationState,
    memories: list[str],
    *,
    own_activity: str,
    partner_activity: str,
    place: str,
    time: str,
    turn: int,
) -> Line:
    """What the agent says next to its partner, from its memories of them and the talk so far."""
    partner = conversation.partner
    return await llm.run(
        NextUtterance(
            speaker=persona.name,
            listener=partner,
            summary=summary,
            currently=persona.currently,
            relationship=persona.relationships.get(partner, "someone from town"),
            memories=tuple(memories),
            speaker_activity=own_activity,
            listener_activity=partner_activity,
            place=place,
            time=time,
            turn=turn,
            dialogue=tuple(conversation.lines),
        ),
        agent=persona.name,
    )
