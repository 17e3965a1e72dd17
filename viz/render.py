"""Draw one moment of a run into a surface: the one drawing path for the window and screenshots."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sim.frames import AgentFrame, Frame, FrameHeader
from viz.camera import Camera
from viz.inspector import PANEL_WIDTH, InspectorContent, draw_inspector
from viz.sprites import Figures, agent_colour
from viz.text import Text, short_label
from viz.timeline import TimelineBar, clock_label

if TYPE_CHECKING:
    import pygame

    from viz.map_layer import MapLayer
    from viz.tilemap import MapPicture

TOP_BAR = 30
BOTTOM_BAR = 40
LABEL_MAX_AGENTS = 150  # beyond this many in view, names only for the selected agent
BUBBLE_MAX = 40
_OUTLINE_COLOURS = {"area": (255, 200, 60), "room": (120, 220, 255), "object": (210, 210, 210)}

HELP = (
    ("Space", "pause / play"),
    (". ,", "step one tick forward / back"),
    ("1 2 3 4", "speed 1×, 2×, 10×, as fast as frames arrive"),
    ("End / L", "jump to the newest frame and follow the run"),
    ("Home", "first frame"),
    ("J", "jump to a game time (08:30, day 2 07:00) or a tick"),
    ("drag, arrows", "pan"),
    ("wheel, + -", "zoom"),
    ("0", "fit the map to the window"),
    ("click", "select an agent and open its inspector"),
    ("Tab", "select the next agent"),
    ("F", "follow the selected agent"),
    ("P", "paths of all agents (the selected one always shows)"),
    ("O", "outlines of areas and rooms"),
    ("Esc", "close help / inspector"),
    ("H", "this help"),
    ("Q", "quit the viewer (the run goes on)"),
)


@dataclass(frozen=True)
class Layout:
    """Where things go in a window of a given size: (x, y, w, h) rectangles."""

    map_rect: tuple[int, int, int, int]
    panel_rect: tuple[int, int, int, int] | None
    timeline: TimelineBar


def layout(size: tuple[int, int], inspector_open: bool) -> Layout:
    w, h = size
    panel_w = min(PANEL_WIDTH, w // 2) if inspector_open else 0
    map_rect = (0, TOP_BAR, w - panel_w, max(1, h - TOP_BAR - BOTTOM_BAR))
    panel = (w - panel_w, TOP_BAR, panel_w, h - TOP_BAR - BOTTOM_BAR) if panel_w else None
    bar = TimelineBar(x=150, y=h - BOTTOM_BAR + 14, width=max(10, w - 300), height=12)
    return Layout(map_rect, panel, bar)


@dataclass
class Scene:
    """Everything one drawn frame depends on."""

    camera: Camera
    header: FrameHeader | None = None
    frame: Frame | None = None
    index: int = -1
    count: int = 0
    selected: str | None = None
    inspector: InspectorContent | None = None
    inspector_scroll: int = 0
    show_paths: bool = False
    show_outlines: bool = False
    show_help: bool = False
    status: str = ""  # "playing 1×", "paused", ...
    live: str = ""  # "LIVE", "waiting for frames", "run finished", or "" for a replay
    jump_text: str | None = None
    message: str = ""


@dataclass
class RenderResult:
    """What was drawn where: for clicks and for tests."""

    layout: Layout
    agent_rects: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    inspector_lines: list[str] = field(default_factory=list)


class Renderer:
    """Holds the cached map, figures and text; `draw` paints a `Scene`."""

    def __init__(self, tiled: MapPicture | None, map_layer: MapLayer | None) -> None:
        self.tiled = tiled
        self.map_layer = map_layer
        self.text = Text()
        self.figures = Figures()

    def draw(self, surface: pygame.Surface, scene: Scene) -> RenderResult:
        import pygame

        lay = layout(surface.get_size(), scene.inspector is not None)
        result = RenderResult(lay)
        surface.fill((12, 14, 20))
        map_rect = pygame.Rect(lay.map_rect)
        surface.set_clip(map_rect)
        if self.map_layer is not None:
            self.map_layer.draw(surface, scene.camera, map_rect.topleft)
        if scene.show_outlines and self.tiled is not None:
            self._outlines(surface, scene.camera, map_rect.topleft)
        if scene.frame is not None:
            self._agents(surface, scene, map_rect, result)
        else:
            note = scene.live or "no frames"
            label = self.text.render(note + ("…" if note.startswith("waiting") else ""), 32)
            surface.blit(label, label.get_rect(center=map_rect.center))
        surface.set_clip(None)
        if scene.inspector is not None and lay.panel_rect is not None:
            result.inspector_lines = draw_inspector(
                surface,
                pygame.Rect(lay.panel_rect),
                scene.inspector,
                self.text,
                scene.inspector_scroll,
            )
        self._top_bar(surface, scene)
        self._timeline(surface, scene, lay.timeline)
        if scene.jump_text is not None:
            self._jump_box(surface, scene.jump_text)
        if scene.show_help:
            self._help(surface)
        return result

    # -- the town -----------------------------------------------------------

    def _agents(
        self, surface: pygame.Surface, scene: Scene, map_rect: pygame.Rect, result: RenderResult
    ) -> None:
        import pygame

        cam, frame = scene.camera, scene.frame
        assert frame is not None
        tw, th = (self.tiled.tile_w, self.tiled.tile_h) if self.tiled else (32, 32)
        tile_px = th * cam.zoom
        height = max(10, round(tile_px * 0.95))
        ox, oy = map_rect.topleft

        def centre(tile: tuple[int, int]) -> tuple[int, int]:
            sx, sy = cam.world_to_screen(((tile[0] + 0.5) * tw, (tile[1] + 0.5) * th))
            return round(sx) + ox, round(sy) + oy

        visible = []
        margin = map_rect.inflate(2 * height, 2 * height)
        for agent in frame.agents:
            pos = centre(agent.tile)
            if margin.collidepoint(pos):
                visible.append((pos, agent))
        visible.sort(key=lambda item: item[0][1])
        for pos, agent in visible:
            if scene.show_paths or agent.name == scene.selected:
                self._path(surface, agent.path, pos, centre, agent_colour(agent.name))
        for pos, agent in visible:
            fig = self.figures.figure(agent.name, height)
            rect = fig.get_rect(center=pos)
            if agent.name == scene.selected:
                pygame.draw.ellipse(
                    surface, (255, 230, 80), rect.inflate(10, 2).move(0, rect.h // 3), 3
                )
            surface.blit(fig, rect)
            result.agent_rects[agent.name] = (rect.x, rect.y, rect.w, rect.h)
        labels = len(visible) <= LABEL_MAX_AGENTS and tile_px >= 12
        for pos, agent in visible:
            if labels or agent.name == scene.selected:
                self._labels(
                    surface,
                    agent,
                    pos,
                    height,
                    detailed=tile_px >= 20 or agent.name == scene.selected,
                )
        speakers = [(p, a) for p, a in visible if a.utterance]
        if len(speakers) > BUBBLE_MAX:
            speakers = [(p, a) for p, a in speakers if a.name == scene.selected]
        for pos, agent in speakers:
            self._bubble(surface, agent.utterance or "", agent.listener, pos, height, map_rect)

    def _path(
        self,
        surface: pygame.Surface,
        path: list[tuple[int, int]],
        start: tuple[int, int],
        centre: Callable[[tuple[int, int]], tuple[int, int]],
        colour: tuple[int, int, int],
    ) -> None:
        import pygame

        if not path:
            return
        points = [start] + [centre(tile) for tile in path]
        pygame.draw.lines(surface, colour, False, points, 2)
        pygame.draw.circle(surface, colour, points[-1], 4)

    def _labels(
        self,
        surface: pygame.Surface,
        agent: AgentFrame,
        pos: tuple[int, int],
        height: int,
        detailed: bool,
    ) -> None:
        name = self.text.render(agent.name, 15, (255, 255, 255))
        x, y = pos[0] - name.get_width() // 2, pos[1] + height // 2 + 1
        self._plate(surface, (x - 2, y - 1, name.get_width() + 4, name.get_height() + 2))
        surface.blit(name, (x, y))
        if not detailed or not agent.action:
            return
        icon = self.text.emoji(agent.emoji, 16) if agent.emoji else None
        if icon is None:
            icon = self.text.render(short_label(agent.action), 14, (255, 236, 170))
        ix, iy = pos[0] - icon.get_width() // 2, pos[1] - height // 2 - icon.get_height() - 1
        self._plate(surface, (ix - 2, iy - 1, icon.get_width() + 4, icon.get_height() + 2))
        surface.blit(icon, (ix, iy))

    def _bubble(
        self,
        surface: pygame.Surface,
        words: str,
        listener: str | None,
        pos: tuple[int, int],
        height: int,
        map_rect: pygame.Rect,
    ) -> None:
        import pygame

        lines = self.text.wrap(words, 15, 200, max_lines=3)
        if listener:
            lines.insert(0, f"to {listener}:")
        rendered = [self.text.render(ln, 15, (20, 20, 30)) for ln in lines]
        w = max(r.get_width() for r in rendered) + 12
        h = sum(r.get_height() for r in rendered) + 8
        x = min(max(map_rect.x, pos[0] - w // 2), map_rect.right - w)
        y = max(map_rect.y, pos[1] - height // 2 - h - 22)
        box = pygame.Rect(x, y, w, h)
        tail = [
            (pos[0] - 5, box.bottom - 1),
            (pos[0] + 5, box.bottom - 1),
            (pos[0], pos[1] - height // 2),
        ]
        pygame.draw.polygon(surface, (250, 250, 245), tail)
        pygame.draw.rect(surface, (250, 250, 245), box, border_radius=7)
        pygame.draw.rect(surface, (60, 60, 70), box, 1, border_radius=7)
        ty = y + 4
        for r in rendered:
            surface.blit(r, (x + 6, ty))
            ty += r.get_height()

    def _plate(self, surface: pygame.Surface, rect: tuple[int, int, int, int]) -> None:
        import pygame

        plate = pygame.Surface((rect[2], rect[3]), pygame.SRCALPHA)
        plate.fill((0, 0, 0, 140))
        surface.blit(plate, rect[:2])

    def _outlines(self, surface: pygame.Surface, cam: Camera, origin: tuple[int, int]) -> None:
        import pygame

        assert self.tiled is not None
        for o in self.tiled.outlines:
            x, y = cam.world_to_screen((o.x, o.y))
            rect = pygame.Rect(
                round(x) + origin[0],
                round(y) + origin[1],
                round(o.w * cam.zoom),
                round(o.h * cam.zoom),
            )
            kind = o.kind.lower()
            colour = _OUTLINE_COLOURS.get(kind, (200, 200, 200))
            pygame.draw.rect(surface, colour, rect, 2 if kind == "area" else 1)
            # Object names only when there is room: a zoomed-out town would be all labels.
            if o.name and rect.w > (30 if kind in ("area", "room") else 90):
                surface.blit(self.text.render(o.name, 14, colour), (rect.x + 3, rect.y + 2))

    # -- chrome -------------------------------------------------------------

    def _top_bar(self, surface: pygame.Surface, scene: Scene) -> None:
        import pygame

        w = surface.get_width()
        pygame.draw.rect(surface, (28, 31, 42), (0, 0, w, TOP_BAR))
        if scene.frame is not None and scene.header is not None:
            first = datetime.fromisoformat(scene.header.start_time).date()
            clock = clock_label(datetime.fromisoformat(scene.frame.time), first)
        elif scene.frame is not None:
            when = datetime.fromisoformat(scene.frame.time)
            clock = clock_label(when, date(when.year, when.month, when.day))
        else:
            clock = "--:--"
        surface.blit(self.text.render(clock, 24, (255, 255, 255), True), (10, 5))
        if scene.header is not None:
            h = scene.header
            info = f"{h.world} · run {h.run_id} · backend: {h.backend} · {len(h.agents)} agents"
            surface.blit(self.text.render(info, 18, (185, 192, 210)), (250, 8))
        x = w - 10
        if scene.live:
            colour = (255, 80, 80) if scene.live.startswith("LIVE") else (200, 200, 120)
            label = self.text.render(scene.live, 18, colour, True)
            x -= label.get_width()
            surface.blit(label, (x, 8))
            if scene.live.startswith("LIVE"):
                pygame.draw.circle(surface, colour, (x - 10, 15), 6)
                x -= 16
            x -= 16
        if scene.status:
            label = self.text.render(scene.status, 18, (230, 230, 230))
            x -= label.get_width()
            surface.blit(label, (x, 8))

    def _timeline(self, surface: pygame.Surface, scene: Scene, bar: TimelineBar) -> None:
        import pygame

        w, h = surface.get_size()
        pygame.draw.rect(surface, (28, 31, 42), (0, h - BOTTOM_BAR, w, BOTTOM_BAR))
        tick = f"tick {scene.frame.tick}" if scene.frame is not None else "no frame"
        surface.blit(self.text.render(tick, 18, (220, 220, 220)), (10, h - BOTTOM_BAR + 12))
        pygame.draw.rect(
            surface, (70, 76, 96), (bar.x, bar.y, bar.width, bar.height), border_radius=5
        )
        if scene.count > 0 and scene.index >= 0:
            x = bar.x_of(scene.index, scene.count)
            pygame.draw.rect(
                surface, (120, 150, 230), (bar.x, bar.y, x - bar.x + 1, bar.height), border_radius=5
            )
            pygame.draw.circle(surface, (255, 255, 255), (x, bar.y + bar.height // 2), 8)
        frames = self.text.render(f"{scene.index + 1} / {scene.count}", 18, (220, 220, 220))
        surface.blit(frames, (w - 140, h - BOTTOM_BAR + 12))
        if scene.message:
            note = self.text.render(scene.message, 18, (255, 210, 120))
            box = note.get_rect(midbottom=(w // 2, h - BOTTOM_BAR - 8)).inflate(16, 8)
            pygame.draw.rect(surface, (30, 30, 40), box, border_radius=6)
            surface.blit(note, note.get_rect(center=box.center))

    def _jump_box(self, surface: pygame.Surface, typed: str) -> None:
        import pygame

        w, h = surface.get_size()
        box = pygame.Rect(0, 0, 420, 64)
        box.center = (w // 2, h // 2)
        pygame.draw.rect(surface, (30, 34, 48), box, border_radius=8)
        pygame.draw.rect(surface, (140, 160, 220), box, 2, border_radius=8)
        surface.blit(
            self.text.render("Jump to (08:30, day 2 07:00, tick):", 18, (200, 200, 210)),
            (box.x + 12, box.y + 8),
        )
        surface.blit(self.text.render(typed + "_", 24, (255, 255, 255)), (box.x + 12, box.y + 32))

    def _help(self, surface: pygame.Surface) -> None:
        import pygame

        w, h = surface.get_size()
        rows = [
            (
                self.text.render(k, 18, (250, 210, 120), True),
                self.text.render(v, 18, (235, 235, 240)),
            )
            for k, v in HELP
        ]
        box = pygame.Rect(0, 0, 560, 56 + 22 * len(rows))
        box.center = (w // 2, h // 2)
        panel = pygame.Surface(box.size, pygame.SRCALPHA)
        panel.fill((16, 18, 26, 240))
        surface.blit(panel, box.topleft)
        pygame.draw.rect(surface, (140, 160, 220), box, 2, border_radius=8)
        surface.blit(self.text.render("Keys", 26, (255, 255, 255), True), (box.x + 16, box.y + 12))
        y = box.y + 46
        for key, what in rows:
            surface.blit(key, (box.x + 16, y))
            surface.blit(what, (box.x + 150, y))
            y += 22
