"""Render a picture of the whole Oakhollow map to a PNG, to look at the town without a viewer.

    python -m worlds.oakhollow.preview [OUT.png] [--scale 0.5] [--labels]

Tiles are blitted layer by layer, as the viewer draws them (the collision
layer stays hidden); `--labels` writes each area's name over it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sim.location_tree import load_world_map  # noqa: E402
from sim.tiled import read_tiled  # noqa: E402

HERE = Path(__file__).resolve().parent
HIDDEN = {"collision"}


def render(map_path: Path, out: Path, *, scale: float = 0.5, labels: bool = False) -> Path:
    """Draw every visible tile layer of a map into one PNG at `scale` of its pixel size."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    tiled = read_tiled(map_path)
    size = tiled.tilewidth
    canvas = pygame.Surface((tiled.width * size, tiled.height * size))
    canvas.fill((0, 0, 0))
    sheets = []
    for ts in tiled.tilesets:
        if ts.image is None:
            raise ValueError(f"{map_path}: tileset {ts.name} has no single image to cut tiles from")
        sheets.append((ts, pygame.image.load(str(ts.image))))
    for layer in tiled.tile_layers:
        if layer.name in HIDDEN or not layer.visible:
            continue
        for (y, x), gid in _nonzero(layer.gids):
            for ts, sheet in sheets:
                local = gid - ts.firstgid
                if 0 <= local < ts.tilecount:
                    src = ((local % ts.columns) * size, (local // ts.columns) * size, size, size)
                    canvas.blit(sheet, (x * size, y * size), src)
                    break
    if labels:
        pygame.font.init()
        font = pygame.font.Font(None, 40)
        for area in load_world_map(map_path).areas.values():
            text = font.render(area.name, True, (255, 255, 255), (30, 30, 30))
            canvas.blit(text, (area.rect.x * size + 4, area.rect.y * size + 4))
    picture = pygame.transform.smoothscale(
        canvas, (int(canvas.get_width() * scale), int(canvas.get_height() * scale))
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(picture, str(out))
    return out


def _nonzero(gids):
    import numpy as np

    for y, x in np.argwhere(gids != 0):
        yield (int(y), int(x)), int(gids[y, x])


def main(argv: list[str] | None = None) -> int:
    """`python -m worlds.oakhollow.preview`: write the town's picture and print where."""
    parser = argparse.ArgumentParser(description="Render the Oakhollow map to a PNG.")
    parser.add_argument("out", nargs="?", type=Path, default=HERE / "preview.png")
    parser.add_argument("--map", type=Path, default=HERE / "map.tmj")
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--labels", action="store_true", help="write area names on the map")
    args = parser.parse_args(argv)
    print(f"wrote {render(args.map, args.out, scale=args.scale, labels=args.labels)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
