"""The viewer's state and controls: what the user pressed, which frame shows, what is selected.

`Viewer` owns no window: `handle_event` takes pygame events, `update` polls
the frame stream and advances playback, `draw` paints into any surface. The
window loop in `run_window` and the headless screenshot both go through it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import RunFolderError
from sim.frames import AgentFrame, Frame
from viz.camera import Camera
from viz.frame_reader import FrameReader
from viz.inspector import inspector_content
from viz.playback import Playback, Speed
from viz.render import Layout, Renderer, RenderResult, Scene, layout
from viz.tilemap import MapPicture, load_tiled_map
from viz.timeline import find_moment

if TYPE_CHECKING:
    import pygame

    from viz.map_layer import MapLayer

DRAG_THRESHOLD = 4  # pixels a press may move and still count as a click
PAN_STEP = 64
_SPEED_KEYS = {"1": Speed.X1, "2": Speed.X2, "3": Speed.X10, "4": Speed.MAX}


@dataclass
class _Drag:
    start: tuple[int, int]
    last: tuple[int, int]
    moved: bool = False
    on_timeline: bool = False


class Viewer:
    """One run being watched: reader, map, camera, playback, selection and overlays."""

    def __init__(
        self, run_dir: Path, size: tuple[int, int], follow: bool = False, base_tps: float = 2.0
    ) -> None:
        self.run_dir = Path(run_dir)
        self.follow = follow
        frames = self.run_dir / "frames.jsonl"
        if not self.run_dir.is_dir():
            raise RunFolderError(f"{self.run_dir}: no such run folder")
        if not follow and not frames.is_file():
            raise RunFolderError(
                f"{self.run_dir}: no frames.jsonl (is this a run folder? a live run needs --follow)"
            )
        self.reader = FrameReader(frames)
        self.size = size
        self.tiled: MapPicture | None = None
        self.renderer = Renderer(None, None)
        self.camera = Camera(size[0], size[1], 1, 1)
        self.playback = Playback(
            base_tps=base_tps, live=follow, speed=Speed.MAX if follow else Speed.X1
        )
        self.selected: str | None = None
        self.inspector_open = False
        self.inspector_scroll = 0
        self.following_agent = False
        self.show_paths = False
        self.show_outlines = False
        self.show_help = False
        self.jump_text: str | None = None
        self.message = ""
        self._message_until = 0.0
        self.quit = False
        self._drag: _Drag | None = None
        self._frame: Frame | None = None
        self._last_growth = time.monotonic()
        self.last_result: RenderResult | None = None

    # -- reading ------------------------------------------------------------

    def update(self, dt: float) -> None:
        """Read what arrived, load the map once the header names it, advance playback."""
        if self.reader.poll().new_frames:
            self._last_growth = time.monotonic()
        if self.tiled is None and self.reader.header is not None:
            self._load_map()
        count = len(self.reader)
        self.playback.update(dt, count)
        self._frame = self.reader.frame(self.playback.index) if self.playback.index >= 0 else None
        if self.following_agent and self.selected:
            agent = self.agent(self.selected)
            if agent is not None:
                self.camera.center_on(self._tile_centre(agent.tile))
        if self.message and time.monotonic() > self._message_until:
            self.message = ""

    def _load_map(self) -> None:
        from viz.map_layer import MapLayer

        assert self.reader.header is not None
        map_path = self.run_dir / self.reader.header.map_path
        if not map_path.is_file():
            raise RunFolderError(
                f"{self.run_dir}: the map {self.reader.header.map_path} "
                "named by frames.jsonl is missing"
            )
        self.tiled = load_tiled_map(map_path)
        layer: MapLayer = MapLayer(self.tiled)
        self.renderer = Renderer(self.tiled, layer)
        w, h = self.tiled.pixel_size
        self.camera = Camera(*self._map_view_size(), world_w=w, world_h=h)
        self.camera.fit()

    @property
    def frame(self) -> Frame | None:
        return self._frame

    def agent(self, name: str) -> AgentFrame | None:
        if self._frame is None:
            return None
        return next((a for a in self._frame.agents if a.name == name), None)

    def agent_names(self) -> list[str]:
        if self.reader.header is not None:
            return list(self.reader.header.agents)
        return [a.name for a in self._frame.agents] if self._frame else []

    # -- actions ------------------------------------------------------------

    def select(self, name: str | None) -> None:
        """Select an agent and open its inspector (None closes it)."""
        self.selected = name
        self.inspector_open = name is not None
        self.inspector_scroll = 0
        self.following_agent = self.following_agent and name is not None
        self._refit_view()

    def seek(self, index: int) -> None:
        self.playback.seek(index, len(self.reader))
        self._frame = self.reader.frame(self.playback.index) if self.playback.index >= 0 else None

    def jump_to(self, text: str) -> bool:
        """Go to the last frame at or before a typed moment; says why not in `message`."""
        try:
            index = find_moment(text, self.reader)
        except ValueError as err:
            self.say(str(err))
            return False
        self.playback.paused = True
        self.seek(index)
        return True

    def say(self, text: str, seconds: float = 4.0) -> None:
        self.message = text
        self._message_until = time.monotonic() + seconds

    def resize(self, size: tuple[int, int]) -> None:
        self.size = size
        self._refit_view()

    def _map_view_size(self) -> tuple[int, int]:
        _, _, w, h = layout(self.size, self.inspector_open).map_rect
        return w, h

    def _refit_view(self) -> None:
        self.camera.resize(*self._map_view_size())

    def _tile_centre(self, tile: tuple[int, int]) -> tuple[float, float]:
        tw, th = (self.tiled.tile_w, self.tiled.tile_h) if self.tiled else (32, 32)
        return (tile[0] + 0.5) * tw, (tile[1] + 0.5) * th

    # -- events -------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        """React to one pygame event (keys, mouse, window)."""
        import pygame

        if event.type == pygame.QUIT:
            self.quit = True
        elif event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
        elif event.type == pygame.KEYDOWN:
            if self.jump_text is not None:
                self._jump_key(event)
            else:
                self._key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            bar = self._layout().timeline
            self._drag = _Drag(event.pos, event.pos, on_timeline=bar.contains(event.pos))
            if self._drag.on_timeline:
                self.seek(bar.index_at(event.pos[0], len(self.reader)))
        elif event.type == pygame.MOUSEMOTION and self._drag is not None:
            self._drag_to(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._drag is not None:
            drag, self._drag = self._drag, None
            if not drag.moved and not drag.on_timeline:
                self._click(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self._wheel(event)

    def _layout(self) -> Layout:
        return layout(self.size, self.inspector_open)

    def _drag_to(self, pos: tuple[int, int]) -> None:
        drag = self._drag
        assert drag is not None
        if drag.on_timeline:
            self.seek(self._layout().timeline.index_at(pos[0], len(self.reader)))
            return
        if abs(pos[0] - drag.start[0]) + abs(pos[1] - drag.start[1]) > DRAG_THRESHOLD:
            drag.moved = True
        if drag.moved:
            self.camera.pan(drag.last[0] - pos[0], drag.last[1] - pos[1])
            self.following_agent = False
        drag.last = pos

    def _click(self, pos: tuple[int, int]) -> None:
        lay = self._layout()
        if lay.panel_rect is not None:
            px, py, pw, ph = lay.panel_rect
            if px <= pos[0] < px + pw and py <= pos[1] < py + ph:
                return
        hit = self.agent_at(pos)
        self.select(hit)

    def agent_at(self, pos: tuple[int, int]) -> str | None:
        """The agent drawn under a screen point (the topmost one), from the last drawing."""
        if self.last_result is None:
            return None
        found = None
        for name, (x, y, w, h) in self.last_result.agent_rects.items():
            if x <= pos[0] < x + w and y <= pos[1] < y + h:
                found = name  # later entries were drawn on top
        return found

    def _wheel(self, event: pygame.event.Event) -> None:
        import pygame

        mx, my = pygame.mouse.get_pos()
        lay = self._layout()
        if lay.panel_rect is not None and mx >= lay.panel_rect[0]:
            self.inspector_scroll = max(0, self.inspector_scroll - 40 * event.y)
            return
        factor = 1.25**event.y
        self.camera.zoom_at((mx - lay.map_rect[0], my - lay.map_rect[1]), factor)

    def _key(self, event: pygame.event.Event) -> None:
        import pygame

        key, char, count = event.key, getattr(event, "unicode", ""), len(self.reader)
        if key == pygame.K_SPACE:
            self.playback.toggle_pause()
        elif char == "." or key == pygame.K_PERIOD:
            self.playback.step(count, 1)
            self.seek(self.playback.index)
        elif char == "," or key == pygame.K_COMMA:
            self.playback.step(count, -1)
            self.seek(self.playback.index)
        elif char in _SPEED_KEYS:
            self.playback.speed = _SPEED_KEYS[char]
            self.playback.paused = False
        elif key in (pygame.K_END, pygame.K_l):
            self.playback.go_live(count)
        elif key == pygame.K_HOME:
            self.seek(0)
        elif key == pygame.K_j:
            self.jump_text = ""
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            dx = {pygame.K_LEFT: -PAN_STEP, pygame.K_RIGHT: PAN_STEP}.get(key, 0)
            dy = {pygame.K_UP: -PAN_STEP, pygame.K_DOWN: PAN_STEP}.get(key, 0)
            self.camera.pan(dx, dy)
            self.following_agent = False
        elif char == "+" or key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.camera.zoom_in()
        elif char == "-" or key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.camera.zoom_out()
        elif char == "0" or key in (pygame.K_0, pygame.K_KP0):
            self.following_agent = False
            self.camera.fit()
        elif key == pygame.K_f:
            if self.selected:
                self.following_agent = not self.following_agent
            else:
                self.say("select an agent first (click it), then F follows it")
        elif key == pygame.K_TAB:
            names = self.agent_names()
            if names:
                nxt = (names.index(self.selected) + 1) % len(names) if self.selected in names else 0
                self.select(names[nxt])
        elif key == pygame.K_p:
            self.show_paths = not self.show_paths
        elif key == pygame.K_o:
            self.show_outlines = not self.show_outlines
        elif key == pygame.K_h:
            self.show_help = not self.show_help
        elif key == pygame.K_ESCAPE:
            if self.show_help:
                self.show_help = False
            else:
                self.select(None)
        elif key == pygame.K_q:
            self.quit = True

    def _jump_key(self, event: pygame.event.Event) -> None:
        import pygame

        assert self.jump_text is not None
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            typed, self.jump_text = self.jump_text, None
            if typed.strip():
                self.jump_to(typed)
        elif event.key == pygame.K_ESCAPE:
            self.jump_text = None
        elif event.key == pygame.K_BACKSPACE:
            self.jump_text = self.jump_text[:-1]
        elif event.unicode and event.unicode.isprintable() and len(self.jump_text) < 40:
            self.jump_text += event.unicode

    # -- drawing ------------------------------------------------------------

    def scene(self) -> Scene:
        frame = self._frame
        content = None
        if self.inspector_open and self.selected:
            agent = self.agent(self.selected)
            if agent is not None:
                view = self.reader.inspector_at(self.selected, self.playback.index)
                content = inspector_content(agent, view)
        return Scene(
            camera=self.camera,
            header=self.reader.header,
            frame=frame,
            index=self.playback.index,
            count=len(self.reader),
            selected=self.selected,
            inspector=content,
            inspector_scroll=self.inspector_scroll,
            show_paths=self.show_paths,
            show_outlines=self.show_outlines,
            show_help=self.show_help,
            status=self._status(),
            live=self._live_label(),
            jump_text=self.jump_text,
            message=self.message,
        )

    def draw(self, surface: pygame.Surface) -> RenderResult:
        self.last_result = self.renderer.draw(surface, self.scene())
        return self.last_result

    def _status(self) -> str:
        pb = self.playback
        state = "paused" if pb.paused else f"playing {pb.speed.value}"
        return state + (
            "  · following " + self.selected if self.following_agent and self.selected else ""
        )

    def _live_label(self) -> str:
        if not self.follow:
            return ""
        if (self.run_dir / "summary.json").exists():
            return "run finished"
        if len(self.reader) == 0:
            return "waiting for frames"
        if not self.playback.live:
            return "behind live (End)"
        quiet = time.monotonic() - self._last_growth
        return "LIVE" if quiet < 30 else f"LIVE · no frame for {quiet:.0f}s"


def run_window(viewer: Viewer, fps: int = 60) -> int:
    """Open a resizable window and run the viewer until the user closes it."""
    import pygame

    pygame.init()
    screen = pygame.display.set_mode(viewer.size, pygame.RESIZABLE)
    pygame.display.set_caption(f"Hamlet · {viewer.run_dir.name}")
    clock = pygame.time.Clock()
    dt = 0.0
    while not viewer.quit:
        for event in pygame.event.get():
            viewer.handle_event(event)
        viewer.update(dt)
        viewer.draw(screen)
        pygame.display.flip()
        dt = clock.tick(fps) / 1000
    pygame.quit()
    return 0
