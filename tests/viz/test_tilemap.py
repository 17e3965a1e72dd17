import base64
import json
import struct
import zlib
from pathlib import Path

import pygame
import pytest

from tests.viz.conftest import TILE, paint_tileset
from viz.camera import Camera
from viz.map_layer import MapLayer
from viz.tilemap import MapError, load_tiled_map

RED, BLUE = (220, 30, 30), (30, 30, 220)


def two_by_one_map(root: Path, data, extra=None) -> Path:
    """A 2×1 map whose tileset is an external .tsj in a sibling folder, as worlds keep them."""
    (root / "tileset").mkdir(parents=True)
    (root / "town").mkdir()
    paint_tileset(root / "tileset" / "flat.png", [RED, BLUE])
    (root / "tileset" / "flat.tsj").write_text(
        json.dumps(
            {
                "name": "flat",
                "image": "flat.png",
                "tilewidth": TILE,
                "tileheight": TILE,
                "tilecount": 2,
                "columns": 2,
            }
        )
    )
    layer = {
        "type": "tilelayer",
        "name": "ground",
        "width": 2,
        "height": 1,
        **(extra or {}),
        "data": data,
    }
    tmj = {
        "width": 2,
        "height": 1,
        "tilewidth": TILE,
        "tileheight": TILE,
        "orientation": "orthogonal",
        "layers": [layer],
        "tilesets": [{"firstgid": 1, "source": "../tileset/flat.tsj"}],
    }
    path = root / "town" / "map.tmj"
    path.write_text(json.dumps(tmj))
    return path


def drawn_colours(path: Path) -> list[tuple[int, int, int]]:
    pygame.display.init()
    pygame.display.set_mode((2 * TILE, TILE))
    layer = MapLayer(load_tiled_map(path))
    target = pygame.Surface((2 * TILE, TILE))
    layer.draw(target, Camera(2 * TILE, TILE, 2 * TILE, TILE))
    return [tuple(target.get_at((TILE // 2 + i * TILE, TILE // 2)))[:3] for i in range(2)]


def test_external_tileset_relative_to_the_map_draws_its_tiles(tmp_path: Path):
    assert drawn_colours(two_by_one_map(tmp_path, [2, 1])) == [BLUE, RED]


def test_flip_bits_in_gids_are_stripped(tmp_path: Path):
    assert drawn_colours(two_by_one_map(tmp_path, [2 | 0x80000000, 1 | 0x60000000])) == [BLUE, RED]


def test_base64_zlib_layer_data_is_decoded(tmp_path: Path):
    packed = base64.b64encode(zlib.compress(struct.pack("<2I", 1, 2))).decode()
    path = two_by_one_map(tmp_path, packed, {"encoding": "base64", "compression": "zlib"})
    assert drawn_colours(path) == [RED, BLUE]


def test_a_missing_tileset_image_names_the_tileset_file(tmp_path: Path):
    path = two_by_one_map(tmp_path, [1, 2])
    (tmp_path / "tileset" / "flat.png").unlink()
    with pytest.raises(MapError, match=r"flat\.tsj: tileset image .*flat\.png does not exist"):
        load_tiled_map(path)


def test_a_layer_of_the_wrong_size_names_the_layer(tmp_path: Path):
    with pytest.raises(MapError, match=r'layer "ground": 3 tiles .*expected 2×1'):
        load_tiled_map(two_by_one_map(tmp_path, [1, 2, 1]))


def test_collision_layer_and_object_groups_are_not_drawn_but_outlines_are_kept(run_dir: Path):
    tiled = load_tiled_map(run_dir / "world" / "map.tmj")
    assert [layer.name for layer in tiled.layers] == ["ground", "detail"]
    assert [(o.name, o.kind) for o in tiled.outlines] == [("Cafe", "area")]
