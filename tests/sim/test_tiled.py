"""Reading Tiled maps: the location tree, encodings, and every malformed case rejected clearly."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim.location_tree import load_world_map
from sim.run_folder import copy_world
from sim.tiled import WorldError, read_tiled, read_tileset
from sim.world_map import Rect

DATA = Path(__file__).parent / "data" / "small_map.tmj"


def valid_map() -> dict[str, Any]:
    return json.loads(DATA.read_text())


def layer(m: dict, name: str) -> dict:
    return next(layer for layer in m["layers"] if layer["name"] == name)


def location(m: dict, name: str) -> dict:
    return next(o for o in layer(m, "locations")["objects"] if o["name"] == name)


def write(tmp_path: Path, m: Any, name: str = "map.tmj") -> Path:
    path = tmp_path / name
    path.write_text(m if isinstance(m, str) else json.dumps(m))
    return path


def rejected(tmp_path: Path, m: Any) -> str:
    path = write(tmp_path, m)
    with pytest.raises(WorldError) as caught:
        load_world_map(path)
    message = str(caught.value)
    assert str(path) in message, message
    return message


def test_small_map_gives_location_tree_grid_and_spawns():
    world = load_world_map(DATA)
    assert (world.width, world.height, world.tile_size) == (8, 6, 32)
    assert {a.name: a.kind for a in world.areas.values()} == {"Home": "home", "Park": "park"}
    assert world.rooms["Home:kitchen"].rect == Rect(1, 1, 3, 4)
    assert world.objects["Home:kitchen:stove"].state == "cold"
    assert world.objects["Park:lawn:bench"].state == "idle"
    assert world.spawns["Ann"].tile == (2, 3)
    assert world.blocked[0, 0] and not world.blocked[5, 2]  # a wall, and the door gap
    assert world.place_at((2, 2)) == "Home:kitchen"


def test_flip_bits_are_stripped_from_gids(tmp_path):
    m = valid_map()
    data = layer(m, "collision")["data"]
    data[7] = 0x80000000 | 2  # horizontally flipped wall still blocks
    layer(m, "ground")["data"][0] = 0x40000000 | 1
    world_map = load_world_map(write(tmp_path, m))
    assert world_map.blocked[0, 7]
    assert read_tiled(tmp_path / "map.tmj").layer("ground").gids[0, 0] == 1


@pytest.mark.parametrize("compression", ["", "zlib", "gzip"])
def test_base64_layers_decode_like_csv(tmp_path, compression):
    m = valid_map()
    collision = layer(m, "collision")
    raw = np.array(collision["data"], dtype="<u4").tobytes()
    packed = {"": raw, "zlib": zlib.compress(raw), "gzip": gzip.compress(raw)}[compression]
    collision.update(encoding="base64", compression=compression)
    collision["data"] = base64.b64encode(packed).decode()
    assert np.array_equal(load_world_map(write(tmp_path, m)).blocked, load_world_map(DATA).blocked)


def test_external_tileset_is_read_relative_to_the_map(tmp_path):
    m = valid_map()
    embedded = m["tilesets"][0]
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "small.tsj").write_text(json.dumps({**embedded, "firstgid": None}))
    m["tilesets"] = [{"firstgid": 1, "source": "art/small.tsj"}]
    tiled = read_tiled(write(tmp_path, m))
    assert tiled.tilesets[0].tile_names == {0: "grass", 1: "wall"}
    assert tiled.tilesets[0].gid_of("wall") == 2


def test_group_layers_and_tiled_19_class_field_are_understood(tmp_path):
    m = valid_map()
    location(m, "bench")["class"] = location(m, "bench").pop("type")
    m["layers"] = [{"type": "group", "name": "all", "id": 9, "layers": m["layers"]}]
    assert "Park:lawn:bench" in load_world_map(write(tmp_path, m)).objects


def test_a_hidden_group_hides_its_layers_from_drawing_but_not_from_the_engine(tmp_path):
    m = valid_map()
    hidden = {"type": "group", "name": "all", "id": 9, "visible": False}
    m["layers"] = [{**hidden, "layers": m["layers"]}]
    path = write(tmp_path, m)
    assert not any(layer.visible for layer in read_tiled(path).tile_layers)
    assert load_world_map(path).blocked[0, 0]


def test_run_folder_copy_embeds_the_external_tileset_and_reads_the_same(tmp_path):
    m = valid_map()
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "small.png").write_bytes(b"an image")
    tileset = {k: v for k, v in m["tilesets"][0].items() if k != "firstgid"}
    (tmp_path / "art" / "small.tsj").write_text(json.dumps(tileset))
    m["tilesets"] = [{"firstgid": 1, "source": "art/small.tsj"}]
    original = read_tiled(write(tmp_path, m))
    copy = copy_world(original.path, tmp_path / "run" / "world")
    assert "source" not in json.loads(copy.read_text())["tilesets"][0]
    copied = read_tiled(copy)
    assert copied.tilesets[0].image == (tmp_path / "run" / "world" / "tileset-0.png").resolve()
    assert copied.tilesets[0].image.read_bytes() == b"an image"
    assert copied.tilesets[0].tile_names == original.tilesets[0].tile_names
    for before, after in zip(original.tile_layers, copied.tile_layers, strict=True):
        assert np.array_equal(before.gids, after.gids)


def test_not_json_names_line_and_column(tmp_path):
    message = rejected(tmp_path, '{\n  "width": 8,\n  oops\n}')
    assert "line 3, column 3" in message and "not valid JSON" in message


@pytest.mark.parametrize("key", ["width", "height", "tilewidth"])
def test_missing_map_size_is_rejected(tmp_path, key):
    m = valid_map()
    del m[key]
    assert f'"{key}"' in rejected(tmp_path, m)


def test_non_orthogonal_map_is_rejected(tmp_path):
    m = {**valid_map(), "orientation": "isometric"}
    assert '"isometric"' in rejected(tmp_path, m) and "orthogonal" in rejected(tmp_path, m)


def test_infinite_map_is_rejected(tmp_path):
    assert "infinite" in rejected(tmp_path, {**valid_map(), "infinite": True})


def test_layer_data_of_wrong_length_is_rejected(tmp_path):
    m = valid_map()
    layer(m, "ground")["data"].pop()
    message = rejected(tmp_path, m)
    assert 'layer "ground" (id 1)' in message and "47" in message and "8x6 = 48" in message


@pytest.mark.parametrize("key, value", [("id", None), ("opacity", "half"), ("offsetx", "1e999")])
def test_a_layer_field_that_is_not_a_number_is_rejected(tmp_path, key, value):
    m = valid_map()
    layer(m, "ground")[key] = value
    message = rejected(tmp_path, m)
    assert 'layer "ground"' in message and f'field "{key}" is not a number' in message


def test_missing_collision_layer_is_rejected(tmp_path):
    m = valid_map()
    m["layers"] = [x for x in m["layers"] if x["name"] != "collision"]
    message = rejected(tmp_path, m)
    assert '"collision"' in message and '"ground"' in message


def test_missing_locations_group_is_rejected(tmp_path):
    m = valid_map()
    m["layers"] = [x for x in m["layers"] if x["name"] != "locations"]
    assert '"locations"' in rejected(tmp_path, m)


def test_unknown_object_type_is_rejected(tmp_path):
    m = valid_map()
    location(m, "bench")["type"] = "furniture"
    message = rejected(tmp_path, m)
    assert '"bench" (id 6)' in message and '"furniture"' in message and "area, room" in message


def test_room_outside_every_area_is_rejected(tmp_path):
    m = valid_map()
    location(m, "Park")["width"] = 2 * 32  # the lawn now sticks out of the park
    location(m, "Park")["x"] = 6 * 32
    message = rejected(tmp_path, m)
    assert 'room "lawn" (id 5)' in message and 'sticks out of area "Park"' in message


def test_room_overlapping_two_areas_is_rejected(tmp_path):
    m = valid_map()
    location(m, "lawn").update(x=4 * 32, width=2 * 32)
    location(m, "bench").update(x=4 * 32)
    message = rejected(tmp_path, m)
    assert 'room "lawn" (id 5)' in message and "Home, Park" in message


def test_object_outside_every_room_is_rejected(tmp_path):
    m = valid_map()
    location(m, "stove").update(x=0, y=0)  # on the wall, outside the kitchen
    message = rejected(tmp_path, m)
    assert 'object "stove" (id 3)' in message and "room" in message


@pytest.mark.parametrize(
    ("kind", "name", "copy_of", "expected"),
    [
        ("area", "Home", "Park", 'a second area named "Home"'),
        ("room", "kitchen", None, 'area "Home" has a second room "kitchen"'),
        ("object", "stove", None, 'room "Home:kitchen" has a second "stove"'),
        ("spawn", "Ann", None, 'a second spawn point named "Ann"'),
    ],
)
def test_duplicate_names_are_rejected(tmp_path, kind, name, copy_of, expected):
    m = valid_map()
    objects = layer(m, "locations")["objects"]
    if kind == "area":  # a second "Home" placed where the park is
        location(m, copy_of)["name"] = name
    else:
        twin = dict(location(m, name), id=99)
        if kind == "room":
            twin.update(x=2 * 32, width=32)
            location(m, "kitchen").update(width=32)
            location(m, "stove")  # stays inside the first kitchen
        elif kind == "object":
            twin.update(x=3 * 32)
        objects.append(twin)
    assert expected in rejected(tmp_path, m)


def test_spawn_on_blocked_tile_is_rejected(tmp_path):
    m = valid_map()
    location(m, "Ann").update(x=16, y=16)  # tile (0, 0): a wall
    message = rejected(tmp_path, m)
    assert 'spawn "Ann" (id 7)' in message and "(0, 0)" in message and "blocks" in message


def test_missing_tileset_file_is_rejected(tmp_path):
    m = valid_map()
    m["tilesets"] = [{"firstgid": 1, "source": "nowhere/tiles.tsj"}]
    assert "nowhere/tiles.tsj" in rejected(tmp_path, m) and "not found" in rejected(tmp_path, m)


def test_zstd_compression_is_rejected(tmp_path):
    m = valid_map()
    layer(m, "ground").update(encoding="base64", compression="zstd", data="AAAA")
    message = rejected(tmp_path, m)
    assert 'layer "ground" (id 1)' in message and "zstd" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"encoding": "base64", "data": "not base64!"}, "not valid base64"),
        ({"encoding": "base64", "compression": "zlib", "data": "AAAA"}, "does not decompress"),
        ({"encoding": "base64", "compression": "lzma", "data": "AAAA"}, '"lzma"'),
        ({"encoding": "xml"}, '"xml"'),
    ],
)
def test_bad_encoding_or_compression_is_rejected(tmp_path, change, expected):
    m = valid_map()
    layer(m, "collision").update(change)
    message = rejected(tmp_path, m)
    assert 'layer "collision" (id 2)' in message and expected in message


def test_gid_outside_every_tileset_is_rejected(tmp_path):
    m = valid_map()
    layer(m, "ground")["data"][9] = 40
    message = rejected(tmp_path, m)
    assert 'layer "ground" (id 1)' in message and "(1, 1)" in message and "gid 40" in message


def test_committed_tileset_names_every_painted_tile(tmp_path):
    from worlds.build.paint_tileset import TILE_NAMES, paint

    png, tsj = paint(tmp_path)
    committed = Path(__file__).parents[2] / "worlds" / "tileset" / "hamlet.tsj"
    assert json.loads(tsj.read_text()) == json.loads(committed.read_text())
    assert list(read_tileset(committed).tile_names.values()) == TILE_NAMES
    import pygame

    def pixels(path: Path) -> bytes:
        return pygame.image.tobytes(pygame.image.load(str(path)), "RGBA")

    assert pixels(png) == pixels(committed.with_suffix(".png"))
