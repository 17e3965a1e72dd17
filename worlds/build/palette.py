"""The tileset's palette and the drawing strokes every tile shares."""

from __future__ import annotations

import random

TILE = 32

Color = tuple[int, int, int]
INK: Color = (40, 32, 28)
GRASS: Color = (110, 170, 80)
WOOD: Color = (168, 116, 70)
WOOD_DARK: Color = (120, 78, 44)
METAL: Color = (150, 156, 166)
WHITE: Color = (236, 236, 228)


def speckle(surface, base: Color, dots: list[Color], count: int, seed: int) -> None:
    """Fill with a colour and scatter a few darker/lighter dots, the same every run."""
    import pygame

    rng = random.Random(seed)
    surface.fill(base)
    for _ in range(count):
        x, y = rng.randrange(TILE), rng.randrange(TILE)
        pygame.draw.rect(surface, rng.choice(dots), (x, y, 2, 2))


def outline_box(surface, color: Color, rect: tuple[int, int, int, int], radius: int = 3) -> None:
    import pygame

    pygame.draw.rect(surface, color, rect, border_radius=radius)
    pygame.draw.rect(surface, INK, rect, width=2, border_radius=radius)
