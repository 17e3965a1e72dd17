"""Dialogue: the state of a conversation the agent is in, and how it speaks and remembers it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from agents.llm.protocol import LanguageModel
from agents.tasks.conversation import SummariseConversation


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
