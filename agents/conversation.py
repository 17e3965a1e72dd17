"""Dialogue: the state of a conversation the agent is in, and how it speaks and remembers it.

The engine routes each line to the listener and ends a conversation at the
run's cap; the agent ends it itself when it wants to, or on the last line
the cap allows. Both sides remember the dialogue when it closes, and its
gist, which may be made later than the closing decision (`make_gists`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from agents.contract import Utterance
from agents.encoding import Dialogue, Pending
from agents.llm.protocol import LanguageModel
from agents.memory import MemoryKind
from agents.persona import Persona
from agents.spatial import mentioned_areas
from agents.tasks.conversation import Line, NextUtterance, SummariseConversation

if TYPE_CHECKING:  # the mind's state holds a ConversationState
    from agents.state import MindState


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


async def takeaway(llm: LanguageModel, agent: str, dialogue: Dialogue) -> str:
    """What the agent retains from a finished conversation, in a sentence or two (one call)."""
    answer = await llm.run(
        SummariseConversation(agent=agent, partner=dialogue.partner, dialogue=dialogue.lines),
        agent=agent,
    )
    return answer.summary.strip()


async def make_gists(pending: list[Pending], llm: LanguageModel, agent: str) -> None:
    """Make the gists still owed among staged memories, in place (one call each)."""
    owed = [(m, m.gist_of) for m in pending if m.gist_of is not None]
    gists = await asyncio.gather(*(takeaway(llm, agent, dialogue) for _, dialogue in owed))
    for (memory, _), gist in zip(owed, gists, strict=True):
        memory.text, memory.gist_of = gist, None


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


def opening(speaker: str, listener: str, text: str) -> Utterance:
    """The first line of a conversation; the engine gives it its id when it routes it."""
    return Utterance(speaker=speaker, listener=listener, text=text, conversation="", turn=0)


def hear(conversation: ConversationState | None, line: Utterance) -> ConversationState:
    """The conversation `line` belongs to, with the line taken in (new if the speaker is new)."""
    if conversation is None or conversation.partner != line.speaker:
        conversation = ConversationState(partner=line.speaker)
    conversation.id, conversation.turn = line.conversation, line.turn
    conversation.add(line.speaker, line.text)
    return conversation


def answer(heard: Utterance, text: str, *, wants_end: bool, max_turns: int) -> Utterance:
    """The reply to `heard`; it ends the conversation if the agent wants to, or at the cap."""
    turn = heard.turn + 1
    return Utterance(
        speaker=heard.listener,
        listener=heard.speaker,
        text=text,
        conversation=heard.conversation,
        turn=turn,
        ends_conversation=wants_end or turn >= max_turns - 1,
    )


def close(state: MindState, agent: str, town: Sequence[str], now: datetime) -> None:
    """End the agent's conversation and stage what it keeps: the dialogue and its gist, owed.

    Both sides call this. Areas the partner named become places the agent knows.
    """
    conversation, state.conversation = state.conversation, None
    if conversation is None or not conversation.lines:
        return
    partner, dialogue = conversation.partner, transcript(conversation)
    state.last_conversation = list(conversation.lines)
    state.last_talk[partner] = now
    state.known_places.extend(mentioned_areas(dialogue, town, state.known_places))
    state.pending.append(
        Pending(
            kind=MemoryKind.CHAT,
            text=f"Conversation with {partner}:\n{dialogue}",
            at=now,
            triple=(agent, "chat with", partner),
        )
    )
    state.pending.append(
        Pending(
            kind=MemoryKind.THOUGHT,
            text="",
            at=now,
            triple=(agent, "learned", partner),
            gist_of=Dialogue(partner=partner, lines=tuple(conversation.lines)),
        )
    )
