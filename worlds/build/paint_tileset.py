"""Paint Hamlet's own tileset: `worlds/tileset/hamlet.png` and its Tiled file `hamlet.tsj`.

Run `python -m worlds.build.paint_tileset` to regenerate both. Every tile is
drawn by a function of `art_ground` or `art_furniture` from rectangles, circles and lines, so the
art belongs to the project and can be changed by editing that function. Each tile has a name
(Tiled's tile `type` and a `name` property) by which map builders ask for it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from worlds.build import art_furniture, art_ground
from worlds.build.palette import TILE

COLUMNS = 8
OUT_DIR = Path(__file__).resolve().parent.parent / "tileset"

# Order is the tile id: append new tiles at the end so existing maps keep their meaning.
# Each name is also the function (in art_ground or art_furniture) that draws it.
TILE_NAMES: list[str] = """
    grass grass_dark flowers path road plaza water sand
    floor_wood floor_tile floor_carpet floor_stone wall wall_wood window door
    fence hedge tree pine bush rock bed_head bed_foot
    desk chair stove fridge sink counter table shelf
    bookcase sofa armchair bar register bench lamp whiteboard
    toilet bathtub plant tv piano easel cabinet crate
    coffee_machine notice_board rug mailbox fountain collision blank
""".split()


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
        "tilecount": len(TILE_NAMES),
        "columns": COLUMNS,
        "margin": 0,
        "spacing": 0,
        "tiles": [
            {
                "id": i,
                "type": name,
                "properties": [{"name": "name", "type": "string", "value": name}],
            }
            for i, name in enumerate(TILE_NAMES)
        ],
    }


def paint(out_dir: Path = OUT_DIR) -> tuple[Path, Path]:
    """Paint every tile onto one sheet and write the PNG and the .tsj beside it."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    rows = -(-len(TILE_NAMES) // COLUMNS)
    sheet = pygame.Surface((COLUMNS * TILE, rows * TILE), pygame.SRCALPHA)
    sheet.fill((0, 0, 0, 0))
    for i, name in enumerate(TILE_NAMES):
        tile = pygame.Surface((TILE, TILE), pygame.SRCALPHA)
        tile.fill((0, 0, 0, 0))
        painter = getattr(art_ground, name, None) or getattr(art_furniture, name)
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
