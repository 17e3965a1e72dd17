"""Drawings of furniture and fittings: one function per tile, 32x32 px, transparent around.

Pygame is imported inside each function, so importing this module needs no display.
"""

from __future__ import annotations

import random

from worlds.build.palette import INK, METAL, TILE, WHITE, WOOD, WOOD_DARK, outline_box


def bed_head(s):
    import pygame

    outline_box(s, WOOD_DARK, (2, 2, 28, 30), 2)
    pygame.draw.rect(s, WHITE, (6, 6, 20, 12), border_radius=4)
    pygame.draw.rect(s, (90, 120, 190), (4, 20, 24, 12))


def bed_foot(s):
    import pygame

    outline_box(s, WOOD_DARK, (2, 0, 28, 30), 2)
    pygame.draw.rect(s, (90, 120, 190), (4, 0, 24, 26))
    pygame.draw.line(s, (70, 98, 164), (4, 12), (27, 12), 2)


def desk(s):
    import pygame

    outline_box(s, WOOD, (2, 6, 28, 20))
    pygame.draw.rect(s, WHITE, (7, 10, 10, 8))
    pygame.draw.rect(s, INK, (21, 11, 4, 4))


def chair(s):
    import pygame

    outline_box(s, WOOD, (9, 12, 14, 14), 2)
    pygame.draw.rect(s, WOOD_DARK, (9, 5, 14, 6))
    pygame.draw.rect(s, INK, (9, 5, 14, 6), 1)


def stove(s):
    import pygame

    outline_box(s, (60, 60, 66), (2, 2, 28, 28), 2)
    for cx, cy in ((10, 10), (22, 10), (10, 22), (22, 22)):
        pygame.draw.circle(s, (200, 70, 50), (cx, cy), 4, 2)


def fridge(s):
    import pygame

    outline_box(s, WHITE, (4, 1, 24, 30), 3)
    pygame.draw.line(s, INK, (4, 12), (27, 12), 2)
    pygame.draw.rect(s, METAL, (22, 4, 3, 6))
    pygame.draw.rect(s, METAL, (22, 15, 3, 8))


def sink(s):
    import pygame

    outline_box(s, METAL, (2, 4, 28, 24), 2)
    pygame.draw.ellipse(s, (206, 226, 240), (7, 9, 18, 14))
    pygame.draw.circle(s, INK, (16, 7), 2)


def counter(s):
    import pygame

    pygame.draw.rect(s, WOOD_DARK, (0, 4, TILE, 24))
    pygame.draw.rect(s, (222, 206, 176), (0, 4, TILE, 8))
    pygame.draw.line(s, INK, (0, 4), (TILE, 4), 2)
    pygame.draw.line(s, INK, (0, 27), (TILE, 27), 2)


def table(s):
    import pygame

    pygame.draw.circle(s, WOOD, (16, 16), 13)
    pygame.draw.circle(s, INK, (16, 16), 13, 2)
    pygame.draw.circle(s, WHITE, (12, 13), 3)


def shelf(s):
    import pygame

    outline_box(s, WOOD, (2, 2, 28, 28), 1)
    rng = random.Random(11)
    for y in (4, 13, 22):
        pygame.draw.line(s, WOOD_DARK, (3, y + 7), (28, y + 7), 2)
        for x in range(5, 27, 6):
            color = rng.choice([(220, 120, 80), (236, 200, 90), (120, 180, 110), WHITE])
            pygame.draw.rect(s, color, (x, y + 1, 4, 5))


def bookcase(s):
    import pygame

    outline_box(s, WOOD_DARK, (2, 1, 28, 30), 1)
    rng = random.Random(12)
    for y in (3, 13, 23):
        x = 4
        while x < 27:
            w = rng.choice([2, 3, 3, 4])
            color = rng.choice([(170, 50, 50), (50, 90, 160), (60, 130, 80), (210, 170, 60)])
            pygame.draw.rect(s, color, (x, y, w, 8))
            x += w + 1


def sofa(s):
    import pygame

    outline_box(s, (110, 130, 170), (1, 6, 30, 22), 5)
    pygame.draw.rect(s, (90, 108, 150), (4, 6, 24, 7))
    pygame.draw.line(s, INK, (16, 14), (16, 26), 1)


def armchair(s):
    import pygame

    outline_box(s, (170, 110, 90), (5, 6, 22, 22), 5)
    pygame.draw.rect(s, (146, 90, 74), (8, 6, 16, 6))


def bar(s):
    import pygame

    pygame.draw.rect(s, (90, 50, 36), (0, 6, TILE, 22))
    pygame.draw.rect(s, (190, 150, 70), (0, 6, TILE, 5))
    pygame.draw.line(s, INK, (0, 6), (TILE, 6), 2)
    pygame.draw.circle(s, (220, 200, 120), (22, 18), 3)


def register(s):
    import pygame

    counter(s)
    pygame.draw.rect(s, (60, 64, 72), (8, 2, 16, 14), border_radius=2)
    pygame.draw.rect(s, (140, 220, 150), (10, 4, 12, 4))


def bench(s):
    import pygame

    for y in (10, 17):
        pygame.draw.rect(s, WOOD, (2, y, 28, 5))
        pygame.draw.rect(s, INK, (2, y, 28, 5), 1)
    pygame.draw.rect(s, (60, 60, 60), (4, 22, 3, 6))
    pygame.draw.rect(s, (60, 60, 60), (25, 22, 3, 6))


def lamp(s):
    import pygame

    pygame.draw.rect(s, (50, 54, 60), (15, 10, 3, 20))
    pygame.draw.circle(s, (250, 230, 140), (16, 8), 6)
    pygame.draw.circle(s, INK, (16, 8), 6, 1)


def whiteboard(s):
    import pygame

    outline_box(s, WHITE, (1, 4, 30, 20), 1)
    pygame.draw.line(s, (60, 90, 200), (5, 9), (20, 9), 2)
    pygame.draw.line(s, (200, 60, 60), (5, 15), (25, 15), 2)
    pygame.draw.rect(s, METAL, (4, 24, 24, 3))


def toilet(s):
    import pygame

    outline_box(s, WHITE, (10, 3, 12, 8), 2)
    pygame.draw.ellipse(s, WHITE, (8, 10, 16, 18))
    pygame.draw.ellipse(s, INK, (8, 10, 16, 18), 2)


def bathtub(s):
    import pygame

    outline_box(s, WHITE, (2, 3, 28, 26), 8)
    pygame.draw.rect(s, (150, 200, 236), (6, 7, 20, 18), border_radius=6)


def plant(s):
    import pygame

    pygame.draw.rect(s, (180, 96, 60), (10, 20, 12, 10))
    for dx, dy in ((-6, -4), (6, -4), (0, -8), (0, 0)):
        pygame.draw.circle(s, (60, 150, 70), (16 + dx, 14 + dy), 5)


def tv(s):
    import pygame

    outline_box(s, (40, 40, 46), (2, 6, 28, 18), 2)
    pygame.draw.rect(s, (80, 120, 170), (5, 9, 22, 12))
    pygame.draw.rect(s, (40, 40, 46), (12, 24, 8, 4))


def piano(s):
    import pygame

    outline_box(s, (30, 26, 30), (1, 2, 30, 24), 2)
    for x in range(3, 29, 4):
        pygame.draw.rect(s, WHITE, (x, 18, 3, 8))


def easel(s):
    import pygame

    pygame.draw.line(s, WOOD_DARK, (8, 30), (16, 2), 2)
    pygame.draw.line(s, WOOD_DARK, (24, 30), (16, 2), 2)
    outline_box(s, WHITE, (7, 6, 18, 14), 1)
    pygame.draw.circle(s, (230, 120, 60), (13, 12), 3)


def cabinet(s):
    import pygame

    outline_box(s, WOOD, (2, 3, 28, 26), 2)
    pygame.draw.line(s, INK, (16, 4), (16, 28), 1)
    pygame.draw.circle(s, INK, (13, 16), 1)
    pygame.draw.circle(s, INK, (19, 16), 1)


def crate(s):
    import pygame

    outline_box(s, (190, 150, 96), (3, 3, 26, 26), 1)
    pygame.draw.line(s, WOOD_DARK, (4, 4), (28, 28), 2)
    pygame.draw.line(s, WOOD_DARK, (28, 4), (4, 28), 2)


def coffee_machine(s):
    import pygame

    counter(s)
    outline_box(s, (70, 74, 80), (9, 0, 14, 16), 2)
    pygame.draw.rect(s, (120, 70, 40), (13, 9, 6, 5))


def notice_board(s):
    import pygame

    outline_box(s, (190, 150, 96), (2, 4, 28, 22), 1)
    for x, y, color in ((5, 7, WHITE), (16, 8, (250, 236, 140)), (8, 16, (180, 220, 250))):
        pygame.draw.rect(s, color, (x, y, 9, 7))


def rug(s):
    import pygame

    s.fill((0, 0, 0, 0))
    pygame.draw.rect(s, (70, 110, 150), (2, 2, 28, 28))
    pygame.draw.rect(s, (230, 200, 120), (5, 5, 22, 22), 2)


def mailbox(s):
    import pygame

    pygame.draw.rect(s, (80, 80, 80), (14, 16, 4, 14))
    outline_box(s, (60, 100, 170), (8, 6, 16, 11), 5)


def fountain(s):
    import pygame

    pygame.draw.circle(s, (170, 168, 160), (16, 16), 14)
    pygame.draw.circle(s, (90, 150, 214), (16, 16), 10)
    pygame.draw.circle(s, WHITE, (16, 16), 3)
    pygame.draw.circle(s, INK, (16, 16), 14, 1)
