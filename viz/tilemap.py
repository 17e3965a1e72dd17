"""The town's picture: what the viewer draws of a Tiled map read by `sim.tiled`.

The visible tile layers (never the collision layer), tilesets whose images
exist, the map's background colour, and the named rectangles of its object
groups (the location tree) for the optional outline overlay. No pygame here;
drawing lives in `viz.map_layer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.errors import WorldError
from sim.tiled import TiledMap, TileLayer, Tileset, read_tiled

HIDDEN_LAYERS = {"collision"}
BACKGROUND = (24, 28, 36)  # behind the tiles when the map sets no colour


class MapError(WorldError):
    """A map the viewer cannot draw: which file, which field, what was expected."""


@dataclass(frozen=True)
class Outline:
    """A named rectangle of an object group (area, room or object), in map pixels."""

    name: str
    kind: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class MapPicture:
    """What the viewer draws of a map: tile layers in drawing order, outlines, background."""

    tiled: TiledMap
    layers: tuple[TileLayer, ...]
    outlines: tuple[Outline, ...]
    background: tuple[int, int, int] = BACKGROUND

    @property
    def tile_w(self) -> int:
        return self.tiled.tilewidth

    @property
    def tile_h(self) -> int:
        return self.tiled.tileheight

    @property
    def pixel_size(self) -> tuple[int, int]:
        return self.tiled.width * self.tile_w, self.tiled.height * self.tile_h


def load_tiled_map(path: Path) -> MapPicture:
    """Read a Tiled map for drawing; MapError names what is malformed or missing."""
    try:
        tiled = read_tiled(path)
    except WorldError as err:
        raise MapError(str(err)) from err
    for index, tileset in enumerate(tiled.tilesets):
        _check_images(tiled, index, tileset)
    layers = tuple(
        layer
        for layer in tiled.tile_layers
        if layer.visible and layer.name.lower() not in HIDDEN_LAYERS
    )
    return MapPicture(tiled, layers, _outlines(tiled), tiled.background or BACKGROUND)


def _check_images(tiled: TiledMap, index: int, tileset: Tileset) -> None:
    where = tileset.source or f"{tiled.path}: tileset #{index}"
    images = ([tileset.image] if tileset.image else []) + list(tileset.tile_images.values())
    if not images:
        raise MapError(f"{where}: no 'image' and no per-tile images (expected one of them)")
    for image in images:
        if not image.is_file():
            raise MapError(f"{where}: tileset image {image} does not exist")


def _outlines(tiled: TiledMap) -> tuple[Outline, ...]:
    found = []
    for group, objects in tiled.object_groups.items():
        for obj in objects:
            if obj.width <= 0 or obj.height <= 0:  # points and polylines name no area
                continue
            kind = obj.type or group
            found.append(Outline(obj.name, kind, obj.x, obj.y, obj.width, obj.height))
    return tuple(found)
