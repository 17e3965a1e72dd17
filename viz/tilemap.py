"""The town's picture: read a Tiled JSON map and its tilesets for drawing.

Parsing here is plain data (no pygame): tile layers in drawing order, the
tilesets that their gids point into, and the named rectangles of the object
groups (the location tree) for the optional outline overlay. Drawing lives in
`viz.map_layer`.
"""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import HamletError

FLIP_H = 0x80000000
FLIP_V = 0x40000000
FLIP_D = 0x20000000
GID_MASK = 0x0FFFFFFF  # also drops Tiled's hexagonal-rotation bit, unused on square maps

HIDDEN_LAYERS = {"collision"}


class MapError(HamletError, ValueError):
    """A map the viewer cannot draw: which file, which field, what was expected."""


@dataclass(frozen=True)
class Tileset:
    """One tileset: either one image cut into a grid, or one image per tile."""

    first_gid: int
    name: str
    tile_w: int
    tile_h: int
    tile_count: int
    columns: int
    image: Path | None
    margin: int = 0
    spacing: int = 0
    tile_images: tuple[tuple[int, Path], ...] = ()  # (local id, image) for image-collection sets

    def source_rect(self, local_id: int) -> tuple[int, int, int, int]:
        """Where a tile lies in the tileset image: x, y, width, height."""
        col, row = local_id % self.columns, local_id // self.columns
        return (
            self.margin + col * (self.tile_w + self.spacing),
            self.margin + row * (self.tile_h + self.spacing),
            self.tile_w,
            self.tile_h,
        )


@dataclass(frozen=True)
class TileLayer:
    name: str
    width: int
    height: int
    gids: tuple[int, ...]  # row-major, flip bits kept
    opacity: float = 1.0
    offset: tuple[int, int] = (0, 0)


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
class TiledMap:
    """What the viewer draws of a map."""

    path: Path
    width: int  # in tiles
    height: int
    tile_w: int
    tile_h: int
    layers: tuple[TileLayer, ...]
    tilesets: tuple[Tileset, ...]
    outlines: tuple[Outline, ...]
    background: tuple[int, int, int] = (24, 28, 36)

    @property
    def pixel_size(self) -> tuple[int, int]:
        return self.width * self.tile_w, self.height * self.tile_h

    def tileset_for(self, gid: int) -> Tileset | None:
        """The tileset a gid (flip bits stripped) belongs to: the last whose first gid is ≤ it."""
        found = None
        for ts in self.tilesets:
            if ts.first_gid <= gid:
                found = ts
        return found


def load_tiled_map(path: Path) -> TiledMap:
    """Read a Tiled JSON map (.tmj/.json) with embedded or external (.tsj) tilesets."""
    path = Path(path)
    raw = _read_json(path, "Tiled map")
    if raw.get("infinite"):
        raise MapError(f"{path}: infinite maps are not supported (expected a fixed-size map)")
    if raw.get("orientation", "orthogonal") != "orthogonal":
        raise MapError(f"{path}: orientation {raw.get('orientation')!r} (expected orthogonal)")
    width, height = _int(raw, "width", path), _int(raw, "height", path)
    tile_w, tile_h = _int(raw, "tilewidth", path), _int(raw, "tileheight", path)
    tilesets = tuple(
        sorted(
            (_tileset(entry, path, i) for i, entry in enumerate(raw.get("tilesets", []))),
            key=lambda t: t.first_gid,
        )
    )
    layers: list[TileLayer] = []
    outlines: list[Outline] = []
    _collect_layers(raw.get("layers", []), path, layers, outlines)
    return TiledMap(
        path=path,
        width=width,
        height=height,
        tile_w=tile_w,
        tile_h=tile_h,
        layers=tuple(layers),
        tilesets=tilesets,
        outlines=tuple(outlines),
        background=_colour(raw.get("backgroundcolor")) or (24, 28, 36),
    )


def _collect_layers(
    entries: list[dict[str, Any]], path: Path, layers: list[TileLayer], outlines: list[Outline]
) -> None:
    for entry in entries:
        kind, name = entry.get("type"), str(entry.get("name", ""))
        if kind == "group":
            if entry.get("visible", True):
                _collect_layers(entry.get("layers", []), path, layers, outlines)
        elif kind == "objectgroup":
            outlines.extend(_outlines(entry, name))
        elif kind == "tilelayer":
            if name.lower() in HIDDEN_LAYERS or not entry.get("visible", True):
                continue
            layers.append(_tile_layer(entry, path))


def _tile_layer(entry: dict[str, Any], path: Path) -> TileLayer:
    name = str(entry.get("name", ""))
    where = f'{path}: layer "{name}"'
    if "chunks" in entry:
        raise MapError(f"{where}: chunked data (expected a fixed-size layer with 'data')")
    width, height = _int(entry, "width", where), _int(entry, "height", where)
    gids = _layer_data(entry, where)
    if len(gids) != width * height:
        raise MapError(f"{where}: {len(gids)} tiles in 'data' (expected {width}×{height})")
    return TileLayer(
        name=name,
        width=width,
        height=height,
        gids=gids,
        opacity=float(entry.get("opacity", 1.0)),
        offset=(int(entry.get("offsetx", 0)), int(entry.get("offsety", 0))),
    )


def _layer_data(entry: dict[str, Any], where: str) -> tuple[int, ...]:
    data = entry.get("data")
    if isinstance(data, list):
        return tuple(int(g) for g in data)
    if isinstance(data, str) and entry.get("encoding") == "base64":
        raw = base64.b64decode(data)
        compression = entry.get("compression", "")
        if compression == "zlib":
            raw = zlib.decompress(raw)
        elif compression == "gzip":
            raw = gzip.decompress(raw)
        elif compression:
            raise MapError(f"{where}: compression {compression!r} (expected none, zlib or gzip)")
        return tuple(int.from_bytes(raw[i : i + 4], "little") for i in range(0, len(raw), 4))
    raise MapError(f"{where}: 'data' must be a list of gids or base64 text")


def _outlines(entry: dict[str, Any], group: str) -> list[Outline]:
    found = []
    for obj in entry.get("objects", []):
        w, h = float(obj.get("width", 0)), float(obj.get("height", 0))
        if w <= 0 or h <= 0:  # points and polylines name no area
            continue
        kind = str(obj.get("type") or obj.get("class") or group)
        found.append(
            Outline(str(obj.get("name", "")), kind, float(obj["x"]), float(obj["y"]), w, h)
        )
    return found


def _tileset(entry: dict[str, Any], map_path: Path, i: int) -> Tileset:
    where = f"{map_path}: tileset {i}"
    first_gid = _int(entry, "firstgid", where)
    base = map_path.parent
    if "source" in entry:
        source = base / str(entry["source"])
        if source.suffix.lower() not in {".tsj", ".json"}:
            raise MapError(
                f"{where}: external tileset {source.name} (expected a .tsj JSON tileset)"
            )
        entry = _read_json(source, "tileset")
        where, base = str(source), source.parent
    tile_w, tile_h = _int(entry, "tilewidth", where), _int(entry, "tileheight", where)
    tiles = tuple(
        (int(t["id"]), base / str(t["image"])) for t in entry.get("tiles", []) if "image" in t
    )
    image = base / str(entry["image"]) if entry.get("image") else None
    if image is None and not tiles:
        raise MapError(f"{where}: no 'image' and no per-tile images (expected one of them)")
    for p in ([image] if image else []) + [p for _, p in tiles]:
        if not p.is_file():
            raise MapError(f"{where}: tileset image {p} does not exist")
    return Tileset(
        first_gid=first_gid,
        name=str(entry.get("name", "")),
        tile_w=tile_w,
        tile_h=tile_h,
        tile_count=int(entry.get("tilecount", 0)),
        columns=max(1, int(entry.get("columns", 1) or 1)),
        image=image,
        margin=int(entry.get("margin", 0)),
        spacing=int(entry.get("spacing", 0)),
        tile_images=tiles,
    )


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MapError(f"{path}: {what} not found") from None
    try:
        raw = json.loads(text)
    except ValueError as err:
        raise MapError(f"{path}: not JSON ({err}); expected a {what} saved as JSON") from err
    if not isinstance(raw, dict):
        raise MapError(f"{path}: expected a JSON object for a {what}")
    return raw


def _int(raw: dict[str, Any], key: str, where: object) -> int:
    try:
        return int(raw[key])
    except (KeyError, TypeError, ValueError):
        raise MapError(f"{where}: field {key!r} missing or not a whole number") from None


def _colour(text: object) -> tuple[int, int, int] | None:
    if not isinstance(text, str) or not text.startswith("#") or len(text) not in (7, 9):
        return None
    digits = text[-6:]  # Tiled writes #AARRGGBB when there is alpha
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
