"""Draw the static map: pre-rendered once into chunks, scaled per zoom and cached.

Only the chunks in view are blitted each frame; a chunk scaled for a zoom
level is kept (within a pixel budget) so that panning and re-visiting a zoom
costs nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from math import ceil, floor
from pathlib import Path
from typing import TYPE_CHECKING

from sim.tile_data import FLIP_BITS, FLIP_D, FLIP_H, FLIP_V
from sim.tiled import Tileset
from viz.camera import Camera
from viz.tilemap import MapPicture

if TYPE_CHECKING:
    import pygame

CHUNK_TILES = 16
SCALED_PIXEL_BUDGET = 48_000_000  # ≈ 190 MB of 32-bit scaled chunks


class MapLayer:
    """The map's tile layers as cached surfaces, ready to blit through a camera."""

    def __init__(self, picture: MapPicture, chunk_tiles: int = CHUNK_TILES) -> None:
        import pygame

        self._pg = pygame
        self.picture = picture
        # Each layer's cells as stored (gid with its flip flags), as lists of rows: quick to index.
        self._rows = [(layer.gids | layer.flips).tolist() for layer in picture.layers]
        self.chunk_w = chunk_tiles * picture.tile_w
        self.chunk_h = chunk_tiles * picture.tile_h
        self.world_w, self.world_h = picture.pixel_size
        self._images: dict[Path, pygame.Surface] = {}
        self._tiles: dict[int, pygame.Surface | None] = {}
        self._scaled: OrderedDict[tuple[float, int, int], pygame.Surface] = OrderedDict()
        self._scaled_pixels = 0
        self.chunks = self._prerender()

    # -- building -----------------------------------------------------------

    def _prerender(self) -> dict[tuple[int, int], pygame.Surface]:
        pg = self._pg
        cols, rows = ceil(self.world_w / self.chunk_w), ceil(self.world_h / self.chunk_h)
        display = pg.display.get_surface() is not None
        chunks = {}
        for cy in range(rows):
            for cx in range(cols):
                w = min(self.chunk_w, self.world_w - cx * self.chunk_w)
                h = min(self.chunk_h, self.world_h - cy * self.chunk_h)
                surf = pg.Surface((w, h))
                surf.fill(self.picture.background)
                self._draw_tiles(surf, cx * self.chunk_w, cy * self.chunk_h)
                chunks[(cx, cy)] = surf.convert() if display else surf
        return chunks

    def _draw_tiles(self, surf: pygame.Surface, ox: int, oy: int) -> None:
        t = self.picture
        # A tile larger than its cell is drawn up and right from the cell's
        # bottom-left corner (as Tiled does), so cells a few rows below and one
        # column left of this chunk can still reach into it.
        col0, row0 = max(0, ox // t.tile_w - 1), max(0, oy // t.tile_h)
        col1 = min(t.tiled.width, (ox + surf.get_width()) // t.tile_w + 1)
        row1 = min(t.tiled.height, (oy + surf.get_height()) // t.tile_h + 4)
        for layer, rows in zip(t.layers, self._rows, strict=True):
            lx, ly = layer.offset
            alpha = round(255 * layer.opacity)
            for row in range(row0, row1):
                cells = rows[row]
                for col in range(col0, col1):
                    gid = cells[col]
                    if gid == 0:
                        continue
                    tile = self._tile(gid)
                    if tile is None:
                        continue
                    x = col * t.tile_w + lx - ox
                    y = (row + 1) * t.tile_h - tile.get_height() + ly - oy
                    if alpha < 255:
                        tile = tile.copy()
                        tile.set_alpha(alpha)
                    surf.blit(tile, (x, y))

    def _tile(self, gid: int) -> pygame.Surface | None:
        if gid in self._tiles:
            return self._tiles[gid]
        pg = self._pg
        ts = self.picture.tiled.tileset_for(gid & ~FLIP_BITS)
        surf = None if ts is None else self._cut(ts, (gid & ~FLIP_BITS) - ts.firstgid)
        if surf is not None and gid & (FLIP_H | FLIP_V | FLIP_D):
            if gid & FLIP_D:  # the anti-diagonal flip is a transpose
                surf = pg.transform.flip(pg.transform.rotate(surf, -90), True, False)
            surf = pg.transform.flip(surf, bool(gid & FLIP_H), bool(gid & FLIP_V))
        self._tiles[gid] = surf
        return surf

    def _cut(self, ts: Tileset, local: int) -> pygame.Surface | None:
        if ts.tile_images:
            path = ts.tile_images.get(local)
            return self._image(path) if path else None
        if ts.image is None:
            return None
        image = self._image(ts.image)
        x, y, w, h = ts.source_rect(local)
        if x + w > image.get_width() or y + h > image.get_height():
            return None  # a gid past the image's end draws nothing, as in Tiled
        return image.subsurface((x, y, w, h))

    def _image(self, path: Path) -> pygame.Surface:
        pg = self._pg
        if path not in self._images:
            image = pg.image.load(str(path))
            self._images[path] = image.convert_alpha() if pg.display.get_surface() else image
        return self._images[path]

    # -- drawing ------------------------------------------------------------

    def draw(self, target: pygame.Surface, camera: Camera, origin: tuple[int, int] = (0, 0)) -> int:
        """Blit the chunks in view onto `target`; returns how many were blitted."""
        z = camera.zoom
        vx, vy, vw, vh = camera.visible_world_rect()
        cx0, cy0 = max(0, floor(vx / self.chunk_w)), max(0, floor(vy / self.chunk_h))
        cx1, cy1 = floor((vx + vw) / self.chunk_w), floor((vy + vh) / self.chunk_h)
        # Rounding world edges (not chunk sizes) keeps neighbouring chunks seamless.
        shift_x, shift_y = round(camera.x * z) - origin[0], round(camera.y * z) - origin[1]
        drawn = 0
        for cy in range(cy0, cy1 + 1):
            for cx in range(cx0, cx1 + 1):
                if (cx, cy) not in self.chunks:
                    continue
                surf = self._scaled_chunk(cx, cy, z)
                target.blit(
                    surf,
                    (
                        round(cx * self.chunk_w * z) - shift_x,
                        round(cy * self.chunk_h * z) - shift_y,
                    ),
                )
                drawn += 1
        return drawn

    def _scaled_chunk(self, cx: int, cy: int, z: float) -> pygame.Surface:
        base = self.chunks[(cx, cy)]
        if abs(z - 1.0) < 1e-9:
            return base
        key = (round(z, 5), cx, cy)
        hit = self._scaled.get(key)
        if hit is not None:
            self._scaled.move_to_end(key)
            return hit
        x0, y0 = cx * self.chunk_w, cy * self.chunk_h
        w = max(1, round((x0 + base.get_width()) * z) - round(x0 * z))
        h = max(1, round((y0 + base.get_height()) * z) - round(y0 * z))
        # Nearest-neighbour keeps pixel art crisp when zoomed in; smooth looks better zoomed out.
        scale = self._pg.transform.scale if z >= 1 else self._pg.transform.smoothscale
        surf = scale(base, (w, h))
        self._scaled[key] = surf
        self._scaled_pixels += w * h
        while self._scaled_pixels > SCALED_PIXEL_BUDGET and len(self._scaled) > 1:
            _, old = self._scaled.popitem(last=False)
            self._scaled_pixels -= old.get_width() * old.get_height()
        return surf
