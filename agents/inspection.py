"""What the viewer's inspector shows of a generative agent, as the agent sees itself."""

from __future__ import annotations

from agents.contract import AgentView
from agents.memory import MemoryStream
from agents.planning import clock
from agents.state import MindState

RECENT = 10  # memories listed newest first
IMPORTANT = 5  # memories listed by importance


def inspector_view(
    state: MindState, stream: MemoryStream, identity: str, backend: str
) -> AgentView:
    """Summary, today's plan, recent and important memories, the conversation."""
    day = state.day
    nodes = stream.nodes
    important = sorted(nodes, key=lambda n: (-n.importance, -n.id))[:IMPORTANT]
    talk = state.conversation
    return AgentView(
        summary=state.summary or identity,
        plan=tuple(f"{clock(b.start)} {b.activity}" for b in day.blocks) if day else (),
        recent_memories=tuple(n.text for n in nodes[-RECENT:][::-1]),
        important_memories=tuple(n.text for n in important),
        conversation=tuple(talk.lines if talk else state.last_conversation),
        backend=backend,
    )
