"""Paint Hamlet's own tileset: `worlds/tileset/hamlet.png` and its Tiled file `hamlet.tsj`.

Run `python -m worlds.build.paint_tileset` to regenerate both. Every tile is
drawn here from rectangles, circles and lines, so the art belongs to the
project and can be changed by editing a function. Each tile has a name
(Tiled's tile `type` and a `name` property) by which map builders ask for it.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

TILE = 32
COLUMNS = 8
OUT_DIR = Path(__file__).resolve().parent.parent / "tileset"

Color = tuple[int, int, int]
INK: Color = (40, 32, 28)
GRASS: Color = (110, 170, 80)
WOOD: Color = (168, 116, 70)
WOOD_DARK: Color = (120, 78, 44)
METAL: Color = (150, 156, 166)
WHITE: Color = (236, 236, 228)


def _speckle(surface, base: Color, dots: list[Color], count: int, seed: int) -> None:
    """Fill with a colour and scatter a few darker/lighter dots, the same every run."""
    import pygame

    rng = random.Random(seed)
    surface.fill(base)
    for _ in range(count):
        x, y = rng.randrange(TILE), rng.randrange(TILE)
        pygame.draw.rect(surface, rng.choice(dots), (x, y, 2, 2))


def _outline_box(surface, color: Color, rect: tuple[int, int, int, int], radius: int = 3) -> None:
    import pygame

    pygame.draw.rect(surface, color, rect, border_radius=radius)
    pygame.draw.rect(surface, INK, rect, width=2, border_radius=radius)


def grass(s):
    _speckle(s, GRASS, [(96, 152, 68), (128, 188, 92)], 40, 1)


def grass_dark(s):
    _speckle(s, (88, 146, 66), [(74, 128, 56), (104, 162, 76)], 40, 2)


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
    _speckle(s, (206, 176, 126), [(186, 156, 108), (222, 196, 150)], 30, 4)


def road(s):
    import pygame

    _speckle(s, (112, 112, 118), [(100, 100, 106), (124, 124, 130)], 30, 5)
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
    _speckle(s, (230, 212, 160), [(214, 194, 140), (240, 226, 182)], 30, 6)


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
    _outline_box(s, (170, 214, 240), (6, 6, 20, 20), 1)
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


def bed_head(s):
    import pygame

    _outline_box(s, WOOD_DARK, (2, 2, 28, 30), 2)
    pygame.draw.rect(s, WHITE, (6, 6, 20, 12), border_radius=4)
    pygame.draw.rect(s, (90, 120, 190), (4, 20, 24, 12))


def bed_foot(s):
    import pygame

    _outline_box(s, WOOD_DARK, (2, 0, 28, 30), 2)
    pygame.draw.rect(s, (90, 120, 190), (4, 0, 24, 26))
    pygame.draw.line(s, (70, 98, 164), (4, 12), (27, 12), 2)


def desk(s):
    import pygame

    _outline_box(s, WOOD, (2, 6, 28, 20))
    pygame.draw.rect(s, WHITE, (7, 10, 10, 8))
    pygame.draw.rect(s, INK, (21, 11, 4, 4))


def chair(s):
    import pygame

    _outline_box(s, WOOD, (9, 12, 14, 14), 2)
    pygame.draw.rect(s, WOOD_DARK, (9, 5, 14, 6))
    pygame.draw.rect(s, INK, (9, 5, 14, 6), 1)


def stove(s):
    import pygame

    _outline_box(s, (60, 60, 66), (2, 2, 28, 28), 2)
    for cx, cy in ((10, 10), (22, 10), (10, 22), (22, 22)):
        pygame.draw.circle(s, (200, 70, 50), (cx, cy), 4, 2)


def fridge(s):
    import pygame

    _outline_box(s, WHITE, (4, 1, 24, 30), 3)
    pygame.draw.line(s, INK, (4, 12), (27, 12), 2)
    pygame.draw.rect(s, METAL, (22, 4, 3, 6))
    pygame.draw.rect(s, METAL, (22, 15, 3, 8))


def sink(s):
    import pygame

    _outline_box(s, METAL, (2, 4, 28, 24), 2)
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

    _outline_box(s, WOOD, (2, 2, 28, 28), 1)
    rng = random.Random(11)
    for y in (4, 13, 22):
        pygame.draw.line(s, WOOD_DARK, (3, y + 7), (28, y + 7), 2)
        for x in range(5, 27, 6):
            color = rng.choice([(220, 120, 80), (236, 200, 90), (120, 180, 110), WHITE])
            pygame.draw.rect(s, color, (x, y + 1, 4, 5))


def bookcase(s):
    import pygame

    _outline_box(s, WOOD_DARK, (2, 1, 28, 30), 1)
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

    _outline_box(s, (110, 130, 170), (1, 6, 30, 22), 5)
    pygame.draw.rect(s, (90, 108, 150), (4, 6, 24, 7))
    pygame.draw.line(s, INK, (16, 14), (16, 26), 1)


def armchair(s):
    import pygame

    _outline_box(s, (170, 110, 90), (5, 6, 22, 22), 5)
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

    _outline_box(s, WHITE, (1, 4, 30, 20), 1)
    pygame.draw.line(s, (60, 90, 200), (5, 9), (20, 9), 2)
    pygame.draw.line(s, (200, 60, 60), (5, 15), (25, 15), 2)
    pygame.draw.rect(s, METAL, (4, 24, 24, 3))


def toilet(s):
    import pygame

    _outline_box(s, WHITE, (10, 3, 12, 8), 2)
    pygame.draw.ellipse(s, WHITE, (8, 10, 16, 18))
    pygame.draw.ellipse(s, INK, (8, 10, 16, 18), 2)


def bathtub(s):
    import pygame

    _outline_box(s, WHITE, (2, 3, 28, 26), 8)
    pygame.draw.rect(s, (150, 200, 236), (6, 7, 20, 18), border_radius=6)


def plant(s):
    import pygame

    pygame.draw.rect(s, (180, 96, 60), (10, 20, 12, 10))
    for dx, dy in ((-6, -4), (6, -4), (0, -8), (0, 0)):
        pygame.draw.circle(s, (60, 150, 70), (16 + dx, 14 + dy), 5)


def tv(s):
    import pygame

    _outline_box(s, (40, 40, 46), (2, 6, 28, 18), 2)
    pygame.draw.rect(s, (80, 120, 170), (5, 9, 22, 12))
    pygame.draw.rect(s, (40, 40, 46), (12, 24, 8, 4))


def piano(s):
    import pygame

    _outline_box(s, (30, 26, 30), (1, 2, 30, 24), 2)
    for x in range(3, 29, 4):
        pygame.draw.rect(s, WHITE, (x, 18, 3, 8))


def easel(s):
    import pygame

    pygame.draw.line(s, WOOD_DARK, (8, 30), (16, 2), 2)
    pygame.draw.line(s, WOOD_DARK, (24, 30), (16, 2), 2)
    _outline_box(s, WHITE, (7, 6, 18, 14), 1)
    pygame.draw.circle(s, (230, 120, 60), (13, 12), 3)


def cabinet(s):
    import pygame

    _outline_box(s, WOOD, (2, 3, 28, 26), 2)
    pygame.draw.line(s, INK, (16, 4), (16, 28), 1)
    pygame.draw.circle(s, INK, (13, 16), 1)
    pygame.draw.circle(s, INK, (19, 16), 1)


def crate(s):
    import pygame

    _outline_box(s, (190, 150, 96), (3, 3, 26, 26), 1)
    pygame.draw.line(s, WOOD_DARK, (4, 4), (28, 28), 2)
    pygame.draw.line(s, WOOD_DARK, (28, 4), (4, 28), 2)


def coffee_machine(s):
    import pygame

    counter(s)
    _outline_box(s, (70, 74, 80), (9, 0, 14, 16), 2)
    pygame.draw.rect(s, (120, 70, 40), (13, 9, 6, 5))


def notice_board(s):
    import pygame

    _outline_box(s, (190, 150, 96), (2, 4, 28, 22), 1)
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
    _outline_box(s, (60, 100, 170), (8, 6, 16, 11), 5)


def fountain(s):
    import pygame

    pygame.draw.circle(s, (170, 168, 160), (16, 16), 14)
    pygame.draw.circle(s, (90, 150, 214), (16, 16), 10)
    pygame.draw.circle(s, WHITE, (16, 16), 3)
    pygame.draw.circle(s, INK, (16, 16), 14, 1)


def collision(s):
    """The marker painted on the collision layer: hidden in the viewer, clear in Tiled."""
    import pygame

    s.fill((220, 40, 40, 90))
    pygame.draw.line(s, (200, 20, 20, 200), (3, 3), (28, 28), 3)
    pygame.draw.line(s, (200, 20, 20, 200), (28, 3), (3, 28), 3)


def blank(s):
    s.fill((0, 0, 0, 0))


# Order is the tile id: append new tiles at the end so existing maps keep their meaning.
TILES: list[tuple[str, Callable]] = [
    ("grass", grass), ("grass_dark", grass_dark), ("flowers", flowers), ("path", path),
    ("road", road), ("plaza", plaza), ("water", water), ("sand", sand),
    ("floor_wood", floor_wood), ("floor_tile", floor_tile), ("floor_carpet", floor_carpet),
    ("floor_stone", floor_stone), ("wall", wall), ("wall_wood", wall_wood), ("window", window),
    ("door", door),
    ("fence", fence), ("hedge", hedge), ("tree", tree), ("pine", pine), ("bush", bush),
    ("rock", rock), ("bed_head", bed_head), ("bed_foot", bed_foot),
    ("desk", desk), ("chair", chair), ("stove", stove), ("fridge", fridge), ("sink", sink),
    ("counter", counter), ("table", table), ("shelf", shelf),
    ("bookcase", bookcase), ("sofa", sofa), ("armchair", armchair), ("bar", bar),
    ("register", register), ("bench", bench), ("lamp", lamp), ("whiteboard", whiteboard),
    ("toilet", toilet), ("bathtub", bathtub), ("plant", plant), ("tv", tv), ("piano", piano),
    ("easel", easel), ("cabinet", cabinet), ("crate", crate),
    ("coffee_machine", coffee_machine), ("notice_board", notice_board), ("rug", rug),
    ("mailbox", mailbox), ("fountain", fountain), ("collision", collision), ("blank", blank),
]  # fmt: skip


def tileset_json(image_name: str, rows: int) -> dict:
    """The Tiled tileset (.tsj) describing the painted sheet, a name on every tile."""
    return {
        "type": "tileset",
        "version": "1.10",
        "tiledversion": "1.10.2",
        "name": "hamlet",
        "image": image_name,
        "imagewidth": COLUMNS * TILE,
        "imageheight": rows * TILE,
        "tilewidth": TILE,
        "tileheight": TILE,
        "tilecount": len(TILES),
        "columns": COLUMNS,
        "margin": 0,
        "spacing": 0,
        "tiles": [
            {
                "id": i,
                "type": name,
                "properties": [{"name": "name", "type": "string", "value": name}],
            }
            for i, (name, _) in enumerate(TILES)
        ],
    }


def paint(out_dir: Path = OUT_DIR) -> tuple[Path, Path]:
    """Paint every tile onto one sheet and write the PNG and the .tsj beside it."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    rows = -(-len(TILES) // COLUMNS)
    sheet = pygame.Surface((COLUMNS * TILE, rows * TILE), pygame.SRCALPHA)
    sheet.fill((0, 0, 0, 0))
    for i, (_, painter) in enumerate(TILES):
        tile = pygame.Surface((TILE, TILE), pygame.SRCALPHA)
        tile.fill((0, 0, 0, 0))
        painter(tile)
        sheet.blit(tile, ((i % COLUMNS) * TILE, (i // COLUMNS) * TILE))
    out_dir.mkdir(parents=True, exist_ok=True)
    png, tsj = out_dir / "hamlet.png", out_dir / "hamlet.tsj"
    pygame.image.save(sheet, str(png))
    tsj.write_text(json.dumps(tileset_json(png.name, rows), indent=1) + "\n", encoding="utf-8")
    return png, tsj


if __name__ == "__main__":
    for written in paint():
        print(f"wrote {written}")
