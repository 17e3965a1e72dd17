"""The window onto the map: pan, zoom about a point, follow an agent, fit the whole town.

Pure arithmetic in world pixels (the map's own pixels at zoom 1) and screen
pixels of the map's viewport, so it is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]

MIN_ZOOM = 0.05
MAX_ZOOM = 8.0
ZOOM_STEP = 1.25


@dataclass
class Camera:
    """Which part of the world the viewport shows and at what scale."""

    view_w: int
    view_h: int
    world_w: int
    world_h: int
    zoom: float = 1.0
    x: float = 0.0  # world pixel at the viewport's top-left corner
    y: float = 0.0
    fitted: bool = False  # showing the whole map: a resized view fits again

    def world_to_screen(self, point: Point) -> tuple[float, float]:
        wx, wy = point
        return (wx - self.x) * self.zoom, (wy - self.y) * self.zoom

    def screen_to_world(self, point: Point) -> tuple[float, float]:
        sx, sy = point
        return sx / self.zoom + self.x, sy / self.zoom + self.y

    def visible_world_rect(self) -> tuple[float, float, float, float]:
        """The world rectangle in view: x, y, width, height."""
        return self.x, self.y, self.view_w / self.zoom, self.view_h / self.zoom

    def pan(self, dx: float, dy: float) -> None:
        """Move the view by screen pixels (a drag of the map moves it the other way)."""
        self.x += dx / self.zoom
        self.y += dy / self.zoom
        self.fitted = False
        self._clamp()

    def zoom_at(self, screen_point: Point, factor: float) -> None:
        """Zoom by `factor`, keeping the world point under `screen_point` where it is."""
        anchor = self.screen_to_world(screen_point)
        self.zoom = min(MAX_ZOOM, max(self.min_zoom(), self.zoom * factor))
        sx, sy = screen_point
        self.x = anchor[0] - sx / self.zoom
        self.y = anchor[1] - sy / self.zoom
        self.fitted = False
        self._clamp()

    def zoom_in(self) -> None:
        self.zoom_at((self.view_w / 2, self.view_h / 2), ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_at((self.view_w / 2, self.view_h / 2), 1 / ZOOM_STEP)

    def center_on(self, world_point: Point) -> None:
        wx, wy = world_point
        self.x = wx - self.view_w / (2 * self.zoom)
        self.y = wy - self.view_h / (2 * self.zoom)
        self._clamp()

    def fit(self) -> None:
        """Show the whole map, centred, as large as the viewport allows."""
        self.zoom = min(MAX_ZOOM, self._fit_zoom())
        self.center_on((self.world_w / 2, self.world_h / 2))
        self.fitted = True

    def resize(self, view_w: int, view_h: int) -> None:
        """Keep the same world point at the viewport's centre when the window changes size."""
        centre = self.screen_to_world((self.view_w / 2, self.view_h / 2))
        self.view_w, self.view_h = max(1, view_w), max(1, view_h)
        if self.fitted:
            self.fit()
        else:
            self.center_on(centre)

    def min_zoom(self) -> float:
        # Never smaller than a quarter of fit: further out shows only empty border.
        return max(MIN_ZOOM, min(1.0, self._fit_zoom() / 4))

    def _fit_zoom(self) -> float:
        return min(self.view_w / max(1, self.world_w), self.view_h / max(1, self.world_h))

    def _clamp(self) -> None:
        # The map may not leave the view entirely; when it is smaller than the
        # view along an axis it stays centred there.
        vis_w, vis_h = self.view_w / self.zoom, self.view_h / self.zoom
        self.x = _clamp_axis(self.x, vis_w, self.world_w)
        self.y = _clamp_axis(self.y, vis_h, self.world_h)


def _clamp_axis(start: float, visible: float, world: float) -> float:
    if visible >= world:
        return (world - visible) / 2
    return min(max(start, 0.0), world - visible)
