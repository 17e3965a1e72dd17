"""The inspector panel: who a clicked agent is, what it does, plans, remembers and says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.frames import AgentFrame, InspectorFrame
from viz.sprites import agent_colour

if TYPE_CHECKING:
    import pygame

    from viz.text import Text

PANEL_WIDTH = 380
_PAD = 12
_TITLE = 24
_HEAD = 17
_BODY = 16


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class InspectorContent:
    """What the panel says about one agent at one frame."""

    name: str
    place: str
    sections: tuple[Section, ...]


def inspector_content(agent: AgentFrame, view: InspectorFrame | None) -> InspectorContent:
    """Assemble the panel from the agent's frame and its latest inspector entry."""
    view = view or InspectorFrame()
    # The emoji stays on the map: the panel's font cannot be trusted to draw it.
    now = agent.action or "(nothing)"
    if agent.utterance:
        now += f'\nsays to {agent.listener or "someone"}: "{agent.utterance}"'
    conversation = list(view.conversation)
    if agent.conversation and not conversation:
        conversation = [f"in conversation {agent.conversation}"]
    return InspectorContent(
        name=agent.name,
        place=agent.place,
        sections=(
            Section("Persona", _or_none([view.summary] if view.summary else [])),
            Section("Now", tuple(now.splitlines())),
            Section("Plan for the day", _or_none(view.plan)),
            Section("Recent memories", _or_none(view.recent_memories)),
            Section("Important memories", _or_none(view.important_memories)),
            Section("Conversation", _or_none(conversation)),
        ),
    )


def _or_none(lines: list[str]) -> tuple[str, ...]:
    return tuple(lines) if lines else ("—",)


def draw_inspector(
    surface: pygame.Surface,
    rect: pygame.Rect,
    content: InspectorContent,
    text: Text,
    scroll: int = 0,
) -> list[str]:
    """Draw the panel into `rect`; returns the text lines drawn, top to bottom."""
    import pygame

    panel = pygame.Surface(rect.size, pygame.SRCALPHA)
    panel.fill((18, 20, 28, 235))
    surface.blit(panel, rect.topleft)
    pygame.draw.line(surface, (90, 96, 120), rect.topleft, rect.bottomleft, 2)
    clip = surface.get_clip()
    surface.set_clip(rect)
    drawn: list[str] = []
    width = rect.width - 2 * _PAD
    y = rect.y + _PAD - scroll

    def put(line: str, size: int, colour: tuple[int, int, int], bold: bool = False) -> None:
        nonlocal y
        if rect.y - size < y < rect.bottom:
            surface.blit(text.render(line, size, colour, bold), (rect.x + _PAD, y))
            drawn.append(line)
        y += size + 2

    swatch = pygame.Rect(rect.x + _PAD, y + 4, 14, 14)
    pygame.draw.rect(surface, agent_colour(content.name), swatch)
    y_title = y
    surface.blit(text.render(content.name, _TITLE, (255, 255, 255), True), (swatch.right + 8, y))
    drawn.append(content.name)
    y = y_title + _TITLE + 2
    put(content.place, _BODY, (170, 180, 200))
    for section in content.sections:
        y += 6
        put(section.title, _HEAD, (250, 210, 120), True)
        for item in section.lines:
            for i, line in enumerate(text.wrap(item, _BODY, width - 10)):
                put(
                    ("• " if i == 0 and len(section.lines) > 1 else "  ") + line,
                    _BODY,
                    (225, 228, 235),
                )
    surface.set_clip(clip)
    return drawn
