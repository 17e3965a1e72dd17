"""Drawings of the ground, floors, walls and plants: one function per tile, 32x32 px.

Pygame is imported inside each function, so importing this module needs no display.
"""

from __future__ import annotations

import random

from worlds.build.palette import GRASS, INK, TILE, WOOD_DARK, outline_box, speckle


def grass(s):
    speckle(s, GRASS, [(96, 152, 68), (128, 188, 92)], 40, 1)


def grass_dark(s):
    speckle(s, (88, 146, 66), [(74, 128, 56), (104, 162, 76)], 40, 2)


def flowers(s):
    import pygame

    grass(s)
    rng = random.Random(3)
    for _ in range(6):
        x, y = rng.randrange(4, 28), rng.randrange(4, 28)
        color = rng.choice([(232, 84, 92), (246, 206, 70), (238, 238, 250), (178, 110, 220)])
        pygame.draw.circle(s, color, (x, y), 3)
        pygame.draw.circle(s, (250, 230, 120), (x, y), 1)


def path(s):
    speckle(s, (206, 176, 126), [(186, 156, 108), (222, 196, 150)], 30, 4)


def road(s):
    import pygame

    speckle(s, (112, 112, 118), [(100, 100, 106), (124, 124, 130)], 30, 5)
    pygame.draw.line(s, (128, 128, 134), (0, 0), (TILE, 0), 1)


def plaza(s):
    import pygame

    s.fill((196, 190, 178))
    for y in (0, 16):
        pygame.draw.line(s, (160, 154, 144), (0, y), (TILE, y), 1)
    for x, y in ((0, 0), (16, 0), (8, 16), (24, 16)):
        pygame.draw.line(s, (160, 154, 144), (x, y), (x, y + 16), 1)


def water(s):
    import pygame

    s.fill((70, 130, 200))
    for y in (8, 20):
        pygame.draw.arc(s, (140, 190, 236), (4, y, 10, 6), 0, 3.1, 2)
        pygame.draw.arc(s, (140, 190, 236), (18, y + 4, 10, 6), 0, 3.1, 2)


def sand(s):
    speckle(s, (230, 212, 160), [(214, 194, 140), (240, 226, 182)], 30, 6)


def floor_wood(s):
    import pygame

    s.fill((196, 148, 96))
    for y in range(0, TILE, 8):
        pygame.draw.line(s, (160, 114, 70), (0, y), (TILE, y), 1)
        offset = 10 if (y // 8) % 2 else 22
        pygame.draw.line(s, (160, 114, 70), (offset, y), (offset, y + 8), 1)


def floor_tile(s):
    import pygame

    for i in range(2):
        for j in range(2):
            color = (230, 230, 222) if (i + j) % 2 == 0 else (180, 196, 206)
            pygame.draw.rect(s, color, (i * 16, j * 16, 16, 16))


def floor_carpet(s):
    import pygame

    s.fill((150, 70, 76))
    pygame.draw.rect(s, (176, 96, 96), (3, 3, 26, 26), 2)


def floor_stone(s):
    import pygame

    plaza(s)
    s.fill((172, 168, 160), special_flags=pygame.BLEND_RGB_MULT)  # darker, joints kept


def wall(s):
    import pygame

    s.fill((150, 86, 70))
    for row, y in enumerate(range(0, TILE, 8)):
        pygame.draw.line(s, (112, 60, 50), (0, y), (TILE, y), 1)
        for x in range(4 if row % 2 else 12, TILE, 16):
            pygame.draw.line(s, (112, 60, 50), (x, y), (x, y + 8), 1)
    pygame.draw.rect(s, INK, (0, 0, TILE, TILE), 1)


def wall_wood(s):
    import pygame

    s.fill(WOOD_DARK)
    for x in range(0, TILE, 8):
        pygame.draw.line(s, (92, 58, 32), (x, 0), (x, TILE), 1)
    pygame.draw.rect(s, INK, (0, 0, TILE, TILE), 1)


def window(s):
    import pygame

    wall(s)
    outline_box(s, (170, 214, 240), (6, 6, 20, 20), 1)
    pygame.draw.line(s, INK, (16, 6), (16, 25), 2)
    pygame.draw.line(s, INK, (6, 16), (25, 16), 2)


def door(s):
    import pygame

    floor_wood(s)
    pygame.draw.rect(s, (120, 78, 44), (0, 0, 4, TILE))
    pygame.draw.rect(s, (120, 78, 44), (28, 0, 4, TILE))
    pygame.draw.rect(s, (214, 180, 120), (4, 13, 24, 6))


def fence(s):
    import pygame

    for x in (4, 26):
        pygame.draw.rect(s, (224, 214, 190), (x, 6, 3, 24))
    for y in (11, 21):
        pygame.draw.rect(s, (224, 214, 190), (0, y, TILE, 3))


def hedge(s):
    import pygame

    s.fill((54, 110, 52))
    rng = random.Random(7)
    for _ in range(14):
        pygame.draw.circle(s, (72, 136, 64), (rng.randrange(TILE), rng.randrange(TILE)), 4)


def tree(s):
    import pygame

    pygame.draw.rect(s, WOOD_DARK, (13, 20, 6, 11))
    pygame.draw.circle(s, (46, 112, 56), (16, 13), 12)
    pygame.draw.circle(s, (68, 140, 70), (12, 10), 6)
    pygame.draw.circle(s, INK, (16, 13), 12, 1)


def pine(s):
    import pygame

    pygame.draw.rect(s, WOOD_DARK, (14, 24, 4, 7))
    pygame.draw.polygon(s, (36, 96, 64), [(16, 1), (4, 25), (28, 25)])
    pygame.draw.polygon(s, INK, [(16, 1), (4, 25), (28, 25)], 1)


def bush(s):
    import pygame

    pygame.draw.circle(s, (60, 130, 60), (16, 18), 11)
    pygame.draw.circle(s, (84, 156, 76), (12, 15), 5)
    pygame.draw.circle(s, INK, (16, 18), 11, 1)


def rock(s):
    import pygame

    pygame.draw.ellipse(s, (140, 140, 136), (5, 10, 22, 16))
    pygame.draw.ellipse(s, INK, (5, 10, 22, 16), 1)


def collision(s):
    """The marker painted on the collision layer: hidden in the viewer, clear in Tiled."""
    import pygame

    s.fill((220, 40, 40, 90))
    pygame.draw.line(s, (200, 20, 20, 200), (3, 3), (28, 28), 3)
    pygame.draw.line(s, (200, 20, 20, 200), (28, 3), (3, 28), 3)


def blank(s):
    s.fill((0, 0, 0, 0))
