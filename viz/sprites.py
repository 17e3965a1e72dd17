"""Agents as figures drawn in code: a colour from the name, cached per size."""

from __future__ import annotations

import colorsys
import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygame

OUTLINE = (20, 20, 28)
HEAD = (246, 224, 196)


def agent_colour(name: str) -> tuple[int, int, int]:
    """The agent's colour: the same for a name in every run and every viewer."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536
    sat = 0.55 + digest[2] / 255 * 0.35
    val = 0.80 + digest[3] / 255 * 0.15
    r, g, b = colorsys.hsv_to_rgb(hue, sat, val)
    return round(r * 255), round(g * 255), round(b * 255)


class Figures:
    """Pre-drawn agent figures, one surface per (colour, height)."""

    def __init__(self) -> None:
        import pygame

        self._pg = pygame
        self._cache: dict[tuple[tuple[int, int, int], int], pygame.Surface] = {}

    def figure(self, name: str, height: int) -> pygame.Surface:
        """A standing figure `height` pixels tall whose middle is body-coloured."""
        colour = agent_colour(name)
        key = (colour, height)
        surf = self._cache.get(key)
        if surf is None:
            surf = self._draw(colour, height)
            self._cache[key] = surf
        return surf

    def _draw(self, colour: tuple[int, int, int], h: int) -> pygame.Surface:
        pg = self._pg
        w = max(6, round(h * 0.7))
        surf = pg.Surface((w, h), pg.SRCALPHA)
        outline = 1 if h < 24 else 2
        body = pg.Rect(0, round(h * 0.38), w, h - round(h * 0.38))
        pg.draw.rect(surf, OUTLINE, body, border_radius=max(1, w // 3))
        pg.draw.rect(
            surf, colour, body.inflate(-2 * outline, -2 * outline), border_radius=max(1, w // 3)
        )
        radius = max(2, round(h * 0.2))
        centre = (w // 2, radius + 1)
        pg.draw.circle(surf, OUTLINE, centre, radius)
        pg.draw.circle(surf, HEAD, centre, max(1, radius - outline))
        return surf
