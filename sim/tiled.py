"""Read a map drawn in the Tiled editor (orthogonal JSON `.tmj`/`.json`, tilesets `.tsj`).

The one reader of the format: plain records of tile layers (gids, flip flags apart),
typed objects, tilesets and properties, with no meaning attached. The engine builds
its location tree from them (`sim.location_tree`), the viewer draws them
(`viz.tilemap`), the run folder copies the map whole (`embedded_tileset`). Anything
malformed raises `WorldError` naming the file, the layer, tileset or object, and
what was expected.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import WorldError
from sim.tile_data import FLIP_BITS, decode_cells


@dataclass(frozen=True)
class Tileset:
    """One tileset of a map: which gids it covers, its images, and what each tile is called."""

    firstgid: int
    name: str
    tilecount: int
    columns: int
    tilewidth: int
    tileheight: int
    image: Path | None  # absolute path of the one image cut into a grid, when it has one
    source: Path | None  # the external .tsj file, None when embedded in the map
    tile_names: dict[int, str] = field(default_factory=dict)  # local tile id -> name
    tile_images: dict[int, Path] = field(default_factory=dict)  # local id -> its own image
    margin: int = 0
    spacing: int = 0

    def gid_of(self, name: str) -> int:
        """The global tile id of the tile called `name` in this tileset."""
        for local_id, tile_name in self.tile_names.items():
            if tile_name == name:
                return self.firstgid + local_id
        known = ", ".join(sorted(self.tile_names.values()))
        raise KeyError(f'tileset "{self.name}" has no tile named "{name}" (known: {known})')

    def source_rect(self, local_id: int) -> tuple[int, int, int, int]:
        """Where a tile lies in the tileset's image: x, y, width, height in pixels."""
        columns = max(1, self.columns)
        col, row = local_id % columns, local_id // columns
        return (
            self.margin + col * (self.tilewidth + self.spacing),
            self.margin + row * (self.tileheight + self.spacing),
            self.tilewidth,
            self.tileheight,
        )


@dataclass(frozen=True)
class TileLayer:
    """A decoded tile layer, shape (height, width): gids without flip flags, and the flags."""

    id: int
    name: str
    gids: np.ndarray
    flips: np.ndarray  # the FLIP_BITS of each cell, 0 where the tile is not flipped
    visible: bool = True  # False when the layer or a group holding it is hidden
    opacity: float = 1.0
    offset: tuple[int, int] = (0, 0)  # in pixels


@dataclass(frozen=True)
class TiledObject:
    """One object of an object group, in map pixels: a rectangle, a point or a tile."""

    group: str  # the name of its object group
    id: int | None
    name: str
    type: str  # Tiled's "type", called "class" since Tiled 1.9; "" when unset
    x: float
    y: float
    width: float
    height: float
    point: bool = False
    gid: int | None = None  # set on a tile object, which Tiled anchors at its bottom-left
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How a message names the object: its group, type, name and id."""
        return _object_label(self.group, self.type, self.name, self.id)


@dataclass(frozen=True)
class TiledMap:
    """A Tiled map as read from disk: size, tile layers, object groups and tilesets."""

    path: Path
    width: int
    height: int
    tilewidth: int
    tileheight: int
    tile_layers: list[TileLayer]
    tilesets: list[Tileset]
    object_groups: dict[str, list[TiledObject]]  # group name -> its objects, in file order
    background: tuple[int, int, int] | None = None  # the map's background colour, if set

    def layer(self, name: str) -> TileLayer | None:
        """The tile layer called `name`, or None."""
        return next((layer for layer in self.tile_layers if layer.name == name), None)

    def tileset_for(self, gid: int) -> Tileset | None:
        """The tileset a gid (flags stripped) belongs to: the last whose firstgid is ≤ it."""
        below = [ts for ts in self.tilesets if ts.firstgid <= gid]
        return max(below, key=lambda ts: ts.firstgid) if below else None


def read_json(path: Path, what: str = "file") -> Any:
    """Parse a JSON file, or raise WorldError with the line and column of the fault."""
    if not path.is_file():
        raise WorldError(f"{path}: {what} not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorldError(f"{path}: cannot read {what}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorldError(
            f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from exc


def read_tiled(path: str | Path) -> TiledMap:
    """Read and check a Tiled JSON map: header, tilesets, tile layers and object groups."""
    path = Path(path)
    raw = _read_header(path)
    width, height = raw["width"], raw["height"]
    tilesets = [_read_tileset_ref(path, i, ts) for i, ts in enumerate(raw.get("tilesets") or [])]
    tile_layers: list[TileLayer] = []
    groups: dict[str, list[TiledObject]] = {}
    for layer, visible in _flatten_layers(path, raw.get("layers")):
        kind = layer.get("type")
        if kind == "tilelayer":
            tile_layers.append(_decode_layer(path, layer, width, height, visible))
        elif kind == "objectgroup":
            name = str(layer.get("name", ""))
            groups.setdefault(name, []).extend(_read_objects(path, layer, name))
    _check_gids(path, tile_layers, tilesets)
    return TiledMap(
        path=path,
        width=width,
        height=height,
        tilewidth=raw["tilewidth"],
        tileheight=raw["tileheight"],
        tile_layers=tile_layers,
        tilesets=tilesets,
        object_groups=groups,
        background=_colour(raw.get("backgroundcolor")),
    )


def read_tileset(path: str | Path, firstgid: int = 1) -> Tileset:
    """Read an external Tiled tileset file (`.tsj`/`.json`)."""
    path = Path(path)
    return _tileset_from(_read_tileset_json(path), firstgid, path.parent, f"{path}", source=path)


def embedded_tileset(map_path: Path, index: int, ref: dict[str, Any]) -> tuple[dict, Path]:
    """A map's tileset entry made whole, to embed in a copy of the map; and its images' folder.

    An external tileset (`"source"`) is read in and given the entry's `firstgid`.
    """
    if "source" not in ref:
        return ref, map_path.parent
    source = _tileset_source(map_path, index, ref)
    raw = _read_tileset_json(source)
    raw["firstgid"] = ref["firstgid"]
    return raw, source.parent


def _read_header(path: Path) -> dict[str, Any]:
    """The map's top-level JSON object, checked to be a fixed-size orthogonal map."""
    if path.suffix.lower() == ".tmx":
        raise WorldError(f"{path}: TMX (XML) maps are not read; export the map as JSON (.tmj)")
    raw = read_json(path, "map")
    if not isinstance(raw, dict):
        raise WorldError(f"{path}: expected a JSON object (a Tiled map) at the top level")
    for key in ("width", "height", "tilewidth", "tileheight"):
        if not isinstance(raw.get(key), int) or raw[key] <= 0:
            raise WorldError(f'{path}: map field "{key}" is missing or not a positive integer')
    orientation = raw.get("orientation", "orthogonal")
    if orientation != "orthogonal":
        raise WorldError(f'{path}: map orientation is "{orientation}"; expected "orthogonal"')
    if raw.get("infinite"):
        raise WorldError(f"{path}: infinite maps are not supported; uncheck 'Infinite' in Tiled")
    if raw["tilewidth"] != raw["tileheight"]:
        raise WorldError(
            f"{path}: tiles are {raw['tilewidth']}x{raw['tileheight']} px; expected square tiles"
        )
    return raw


def _properties(raw: dict[str, Any]) -> dict[str, Any]:
    """The custom properties of a Tiled object, layer or tile, by name."""
    props = raw.get("properties")
    if isinstance(props, dict):  # the pre-1.2 JSON format kept properties as a mapping
        return dict(props)
    return {
        prop["name"]: prop.get("value")
        for prop in props or []
        if isinstance(prop, dict) and "name" in prop
    }


def _layer_label(layer: dict[str, Any]) -> str:
    if "id" not in layer:
        return f'layer "{layer.get("name", "")}"'
    return f'layer "{layer.get("name", "")}" (id {layer["id"]})'


def _flatten_layers(path: Path, layers: Any, shown: bool = True) -> list[tuple[dict, bool]]:
    """Layers in drawing order with group layers opened up, each with whether it shows."""
    if not isinstance(layers, list):
        raise WorldError(f'{path}: map field "layers" is missing or not a list')
    flat: list[tuple[dict, bool]] = []
    for layer in layers:
        if not isinstance(layer, dict):
            raise WorldError(f"{path}: every layer must be a JSON object, got {layer!r:.40}")
        visible = shown and bool(layer.get("visible", True))
        if layer.get("type") == "group":
            flat.extend(_flatten_layers(path, layer.get("layers", []), visible))
        else:
            flat.append((layer, visible))
    return flat


def _decode_layer(
    path: Path, layer: dict[str, Any], width: int, height: int, visible: bool
) -> TileLayer:
    label = _layer_label(layer)
    if "chunks" in layer:
        raise WorldError(f"{path}: {label}: has chunks (an infinite map); expected plain data")
    if layer.get("width", width) != width or layer.get("height", height) != height:
        raise WorldError(
            f"{path}: {label}: is {layer.get('width')}x{layer.get('height')} tiles; "
            f"expected the map's {width}x{height}"
        )
    encoding, compression = layer.get("encoding", "csv"), layer.get("compression", "")
    try:
        cells = decode_cells(layer.get("data"), encoding, compression)
    except ValueError as exc:
        raise WorldError(f"{path}: {label}: {exc}") from exc
    if cells.size != width * height:
        raise WorldError(
            f"{path}: {label}: {cells.size} tiles of data; expected {width}×{height} "
            f"(width x height = {width}x{height} = {width * height})"
        )
    if cells.size and cells.min() < 0:
        raise WorldError(f"{path}: {label}: has negative tile ids")
    cells = cells.astype(np.uint32).reshape(height, width)
    where = f"{path}: {label}"
    return TileLayer(
        id=int(_number(layer, "id", 0, where)),
        name=str(layer.get("name", "")),
        gids=cells & ~np.uint32(FLIP_BITS),
        flips=cells & np.uint32(FLIP_BITS),
        visible=visible,
        opacity=float(_number(layer, "opacity", 1.0, where)),
        offset=(int(_number(layer, "offsetx", 0, where)), int(_number(layer, "offsety", 0, where))),
    )


def _check_gids(path: Path, tile_layers: list[TileLayer], tilesets: list[Tileset]) -> None:
    """Every painted tile must be in some tileset."""
    max_gid = max((ts.firstgid + ts.tilecount - 1 for ts in tilesets), default=0)
    for layer in tile_layers:
        top = int(layer.gids.max(initial=0))
        if top > max_gid:
            y, x = np.argwhere(layer.gids == top)[0]
            raise WorldError(
                f'{path}: layer "{layer.name}" (id {layer.id}): tile ({x}, {y}) has gid {top}, '
                f"which is in no tileset (highest known gid: {max_gid})"
            )


def _read_objects(path: Path, layer: dict[str, Any], group: str) -> list[TiledObject]:
    objects = layer.get("objects")
    if not isinstance(objects, list):
        raise WorldError(f"{path}: {_layer_label(layer)}: expected a list of objects")
    return [_read_object(path, obj, group) for obj in objects]


def _read_object(path: Path, obj: Any, group: str) -> TiledObject:
    if not isinstance(obj, dict):
        raise WorldError(f'{path}: layer "{group}": every object must be a JSON object')
    ident = obj.get("id") if isinstance(obj.get("id"), int) else None
    kind = str(obj.get("type") or obj.get("class") or "")
    name = str(obj.get("name", ""))
    try:
        x, y = float(obj["x"]), float(obj["y"])
        w, h = float(obj.get("width", 0)), float(obj.get("height", 0))
    except (KeyError, TypeError, ValueError) as exc:
        label = _object_label(group, kind, name, ident)
        raise WorldError(f"{path}: {label}: needs numeric x, y, width, height") from exc
    return TiledObject(
        group=group,
        id=ident,
        name=name,
        type=kind,
        x=x,
        y=y,
        width=w,
        height=h,
        point=bool(obj.get("point")),
        gid=obj["gid"] if isinstance(obj.get("gid"), int) else None,
        properties=_properties(obj),
    )


def _object_label(group: str, kind: str, name: str, ident: int | None) -> str:
    return f'layer "{group}": {kind or "object"} "{name}" (id {"?" if ident is None else ident})'


def _tileset_source(map_path: Path, index: int, ref: dict[str, Any]) -> Path:
    """Where an external tileset of a map lies, checked to exist."""
    source = (map_path.parent / str(ref["source"])).resolve()
    if not source.is_file():
        raise WorldError(
            f'{map_path}: tileset #{index}: tileset file "{ref["source"]}" not found '
            f"(looked at {source})"
        )
    return source


def _read_tileset_json(path: Path) -> dict[str, Any]:
    if path.suffix.lower() == ".tsx":
        raise WorldError(f"{path}: TSX (XML) tilesets are not read; export it as JSON (.tsj)")
    raw = read_json(path, "tileset")
    if not isinstance(raw, dict):
        raise WorldError(f"{path}: expected a JSON object (a Tiled tileset) at the top level")
    return raw


def _read_tileset_ref(path: Path, index: int, ref: Any) -> Tileset:
    label = f"tileset #{index}"
    if not isinstance(ref, dict) or not isinstance(ref.get("firstgid"), int):
        raise WorldError(f'{path}: {label}: expected an object with an integer "firstgid"')
    if "source" not in ref:
        return _tileset_from(ref, ref["firstgid"], path.parent, f"{path}: {label}", source=None)
    source = _tileset_source(path, index, ref)
    try:
        return read_tileset(source, ref["firstgid"])
    except WorldError as exc:
        raise WorldError(f"{path}: {label}: {exc}") from exc


def _tileset_from(
    raw: dict[str, Any], firstgid: int, base: Path, where: str, source: Path | None
) -> Tileset:
    for key in ("tilecount", "tilewidth", "tileheight"):
        if not isinstance(raw.get(key), int) or raw[key] <= 0:
            raise WorldError(f'{where}: tileset field "{key}" is missing or not a positive integer')
    names: dict[int, str] = {}
    images: dict[int, Path] = {}
    for tile in raw.get("tiles") or []:
        if not isinstance(tile, dict) or not isinstance(tile.get("id"), int):
            raise WorldError(f'{where}: every entry of "tiles" needs an integer "id"')
        name = _properties(tile).get("name") or tile.get("type") or tile.get("class")
        if name:
            names[tile["id"]] = str(name)
        if isinstance(tile.get("image"), str):
            images[tile["id"]] = (base / tile["image"]).resolve()
    image = raw.get("image")
    return Tileset(
        firstgid=firstgid,
        name=str(raw.get("name", "")),
        tilecount=raw["tilecount"],
        columns=_count(raw, "columns", where),
        tilewidth=raw["tilewidth"],
        tileheight=raw["tileheight"],
        image=(base / image).resolve() if isinstance(image, str) and image else None,
        source=source,
        tile_names=names,
        tile_images=images,
        margin=_count(raw, "margin", where),
        spacing=_count(raw, "spacing", where),
    )


def _count(raw: dict[str, Any], key: str, where: str) -> int:
    """An optional tileset field that counts pixels or tiles: 0 when unset."""
    value = raw.get(key) or 0
    if not isinstance(value, int) or value < 0:
        raise WorldError(f'{where}: tileset field "{key}" is not a whole number 0 or more')
    return value


def _number(raw: dict[str, Any], key: str, default: float, where: str) -> float:
    """An optional numeric field of a layer: `default` when absent."""
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise WorldError(f'{where}: field "{key}" is not a number')
    return value


def _colour(text: object) -> tuple[int, int, int] | None:
    """An RGB colour from Tiled's `#RRGGBB` or `#AARRGGBB`; None when unset."""
    if not isinstance(text, str) or not text.startswith("#") or len(text) not in (7, 9):
        return None
    digits = text[-6:]  # Tiled writes #AARRGGBB when there is alpha
    if any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
