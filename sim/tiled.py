"""Read a town map drawn in the Tiled editor (orthogonal JSON, `.tmj`/`.json`).

`load_world_map(path)` gives the engine its `WorldMap`: the walkability grid
from the tile layer named `collision` and the location tree from the object
group named `locations`. `read_tiled(path)` gives the decoded tile layers and
tilesets for tools that draw or build maps. Anything malformed raises
`WorldError` naming the file, the layer or object, and what was expected.
"""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import WorldError
from sim.world_map import Area, MapObject, Rect, Room, SpawnPoint, WorldMap

# Tiled keeps flip/rotation flags in the top bits of a gid; the tile is the rest.
_FLIP_BITS = 0xF0000000


@dataclass(frozen=True)
class Tileset:
    """One tileset of a map: which gids it covers and what each tile is called."""

    firstgid: int
    name: str
    tilecount: int
    columns: int
    tilewidth: int
    tileheight: int
    image: Path | None  # absolute path of the tileset's image, when it has one
    source: Path | None  # the external .tsj file, None when embedded in the map
    tile_names: dict[int, str] = field(default_factory=dict)  # local tile id -> name

    def gid_of(self, name: str) -> int:
        """The global tile id of the tile called `name` in this tileset."""
        for local_id, tile_name in self.tile_names.items():
            if tile_name == name:
                return self.firstgid + local_id
        known = ", ".join(sorted(self.tile_names.values()))
        raise KeyError(f'tileset "{self.name}" has no tile named "{name}" (known: {known})')


@dataclass(frozen=True)
class TileLayer:
    """A decoded tile layer: gids with flip bits stripped, shape (height, width)."""

    id: int
    name: str
    gids: np.ndarray
    visible: bool = True


@dataclass(frozen=True)
class TiledMap:
    """A Tiled map as read from disk, before it becomes a `WorldMap`."""

    path: Path
    width: int
    height: int
    tilewidth: int
    tileheight: int
    tile_layers: list[TileLayer]
    tilesets: list[Tileset]
    object_groups: dict[str, list[dict[str, Any]]]  # group name -> raw Tiled objects

    def layer(self, name: str) -> TileLayer | None:
        return next((layer for layer in self.tile_layers if layer.name == name), None)


def load_world_map(path: str | Path) -> WorldMap:
    """The engine's map of a town: walkable grid and location tree, from a Tiled file."""
    return build_world_map(read_tiled(path))


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
    """Read and check a Tiled JSON map: header, tilesets and every tile layer."""
    path = Path(path)
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
    width, height = raw["width"], raw["height"]
    tilesets = [_read_tileset_ref(path, i, ts) for i, ts in enumerate(raw.get("tilesets") or [])]
    tile_layers: list[TileLayer] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for layer in _flatten_layers(path, raw.get("layers")):
        kind = layer.get("type")
        if kind == "tilelayer":
            tile_layers.append(_decode_layer(path, layer, width, height))
        elif kind == "objectgroup":
            objects = layer.get("objects")
            if not isinstance(objects, list):
                raise WorldError(f"{path}: {_layer_label(layer)}: expected a list of objects")
            groups.setdefault(str(layer.get("name", "")), []).extend(objects)
    max_gid = max((ts.firstgid + ts.tilecount - 1 for ts in tilesets), default=0)
    for layer in tile_layers:
        top = int(layer.gids.max(initial=0))
        if top > max_gid:
            y, x = np.argwhere(layer.gids == top)[0]
            raise WorldError(
                f'{path}: layer "{layer.name}" (id {layer.id}): tile ({x}, {y}) has gid {top}, '
                f"which is in no tileset (highest known gid: {max_gid})"
            )
    return TiledMap(
        path=path,
        width=width,
        height=height,
        tilewidth=raw["tilewidth"],
        tileheight=raw["tileheight"],
        tile_layers=tile_layers,
        tilesets=tilesets,
        object_groups=groups,
    )


def read_tileset(path: str | Path, firstgid: int = 1) -> Tileset:
    """Read an external Tiled tileset file (`.tsj`/`.json`)."""
    path = Path(path)
    if path.suffix.lower() == ".tsx":
        raise WorldError(f"{path}: TSX (XML) tilesets are not read; export it as JSON (.tsj)")
    raw = read_json(path, "tileset")
    if not isinstance(raw, dict):
        raise WorldError(f"{path}: expected a JSON object (a Tiled tileset) at the top level")
    return _tileset_from(raw, firstgid, path.parent, f"{path}", source=path)


def property_value(obj: dict[str, Any], name: str) -> Any:
    """A custom property of a Tiled object, layer or tile, or None."""
    props = obj.get("properties")
    if isinstance(props, dict):  # the pre-1.2 JSON format kept properties as a mapping
        return props.get(name)
    for prop in props or []:
        if isinstance(prop, dict) and prop.get("name") == name:
            return prop.get("value")
    return None


def _layer_label(layer: dict[str, Any]) -> str:
    return f'layer "{layer.get("name", "")}" (id {layer.get("id", "?")})'


def _flatten_layers(path: Path, layers: Any) -> list[dict[str, Any]]:
    """Layers in drawing order, with group layers opened up."""
    if not isinstance(layers, list):
        raise WorldError(f'{path}: map field "layers" is missing or not a list')
    flat: list[dict[str, Any]] = []
    for layer in layers:
        if not isinstance(layer, dict):
            raise WorldError(f"{path}: every layer must be a JSON object, got {layer!r:.40}")
        if layer.get("type") == "group":
            flat.extend(_flatten_layers(path, layer.get("layers", [])))
        else:
            flat.append(layer)
    return flat


def _decode_layer(path: Path, layer: dict[str, Any], width: int, height: int) -> TileLayer:
    label = _layer_label(layer)
    if "chunks" in layer:
        raise WorldError(f"{path}: {label}: has chunks (an infinite map); expected plain data")
    if layer.get("width", width) != width or layer.get("height", height) != height:
        raise WorldError(
            f"{path}: {label}: is {layer.get('width')}x{layer.get('height')} tiles; "
            f"expected the map's {width}x{height}"
        )
    data = layer.get("data")
    encoding = layer.get("encoding", "csv")
    if encoding == "csv":
        if not isinstance(data, list) or not all(isinstance(g, int) for g in data):
            raise WorldError(f'{path}: {label}: expected "data" to be a list of integers')
        gids = np.array(data, dtype=np.int64)
    elif encoding == "base64":
        gids = _decode_base64(path, label, data, layer.get("compression", ""))
    else:
        raise WorldError(f'{path}: {label}: unknown encoding "{encoding}"; expected csv or base64')
    if gids.size != width * height:
        raise WorldError(
            f"{path}: {label}: has {gids.size} tiles of data; "
            f"expected width x height = {width}x{height} = {width * height}"
        )
    if gids.size and gids.min() < 0:
        raise WorldError(f"{path}: {label}: has negative tile ids")
    gids = (gids.astype(np.uint32) & ~np.uint32(_FLIP_BITS)).reshape(height, width)
    return TileLayer(
        id=int(layer.get("id", 0)),
        name=str(layer.get("name", "")),
        gids=gids,
        visible=bool(layer.get("visible", True)),
    )


def _decode_base64(path: Path, label: str, data: Any, compression: str) -> np.ndarray:
    if not isinstance(data, str):
        raise WorldError(f'{path}: {label}: base64 layer "data" must be a string')
    try:
        blob = base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise WorldError(f"{path}: {label}: layer data is not valid base64") from exc
    try:
        if compression == "zlib":
            blob = zlib.decompress(blob)
        elif compression == "gzip":
            blob = gzip.decompress(blob)
        elif compression == "zstd":
            raise WorldError(
                f"{path}: {label}: zstd compression is not supported; "
                "save the layer as CSV or base64 with zlib or gzip"
            )
        elif compression:
            raise WorldError(
                f'{path}: {label}: unknown compression "{compression}"; expected zlib or gzip'
            )
    except (zlib.error, OSError, EOFError) as exc:
        raise WorldError(
            f"{path}: {label}: layer data does not decompress as {compression}"
        ) from exc
    if len(blob) % 4:
        raise WorldError(f"{path}: {label}: layer data is {len(blob)} bytes; expected 4 per tile")
    return np.frombuffer(blob, dtype="<u4").astype(np.int64)


def _read_tileset_ref(path: Path, index: int, ref: Any) -> Tileset:
    label = f"tileset #{index}"
    if not isinstance(ref, dict) or not isinstance(ref.get("firstgid"), int):
        raise WorldError(f'{path}: {label}: expected an object with an integer "firstgid"')
    if "source" in ref:
        source = (path.parent / str(ref["source"])).resolve()
        if not source.is_file():
            raise WorldError(
                f'{path}: {label}: tileset file "{ref["source"]}" not found (looked at {source})'
            )
        try:
            return read_tileset(source, ref["firstgid"])
        except WorldError as exc:
            raise WorldError(f"{path}: {label}: {exc}") from exc
    return _tileset_from(ref, ref["firstgid"], path.parent, f"{path}: {label}", source=None)


def _tileset_from(
    raw: dict[str, Any], firstgid: int, base: Path, where: str, source: Path | None
) -> Tileset:
    for key in ("tilecount", "tilewidth", "tileheight"):
        if not isinstance(raw.get(key), int) or raw[key] <= 0:
            raise WorldError(f'{where}: tileset field "{key}" is missing or not a positive integer')
    names: dict[int, str] = {}
    for tile in raw.get("tiles") or []:
        if not isinstance(tile, dict) or not isinstance(tile.get("id"), int):
            raise WorldError(f'{where}: every entry of "tiles" needs an integer "id"')
        name = property_value(tile, "name") or tile.get("type") or tile.get("class")
        if name:
            names[tile["id"]] = str(name)
    image = raw.get("image")
    return Tileset(
        firstgid=firstgid,
        name=str(raw.get("name", "")),
        tilecount=raw["tilecount"],
        columns=int(raw.get("columns") or 0),
        tilewidth=raw["tilewidth"],
        tileheight=raw["tileheight"],
        image=(base / image).resolve() if isinstance(image, str) else None,
        source=source,
        tile_names=names,
    )


# --- the location tree --------------------------------------------------------------------------

_KINDS = ("area", "room", "object", "spawn")


def build_world_map(tiled: TiledMap) -> WorldMap:
    """The walkable grid and location tree of a read map, checked for consistency."""
    path = tiled.path
    collision = tiled.layer("collision")
    if collision is None:
        names = ", ".join(f'"{layer.name}"' for layer in tiled.tile_layers) or "none"
        raise WorldError(
            f'{path}: no tile layer named "collision" (tile layers: {names}); '
            "expected one where a non-zero tile blocks walking"
        )
    if "locations" not in tiled.object_groups:
        raise WorldError(
            f'{path}: no object group named "locations"; expected one holding the '
            "area, room, object and spawn rectangles"
        )
    blocked = collision.gids != 0
    by_kind: dict[str, list[tuple[str, Rect, dict[str, Any]]]] = {k: [] for k in _KINDS}
    for obj in tiled.object_groups["locations"]:
        kind, name, rect = _read_location(tiled, obj)
        by_kind[kind].append((name, rect, obj))

    areas: dict[str, Area] = {}
    for name, rect, obj in by_kind["area"]:
        if name in areas:
            raise WorldError(f'{path}: {_label(obj)}: a second area named "{name}"')
        for other in areas.values():
            if _overlap(rect, other.rect):
                raise WorldError(f'{path}: {_label(obj)}: overlaps area "{other.name}"')
        areas[name] = Area(name=name, rect=rect, kind=str(property_value(obj, "kind") or ""))

    rooms: dict[str, Room] = {}
    for name, rect, obj in by_kind["room"]:
        area = _parent(path, obj, rect, "area", {a.name: a.rect for a in areas.values()})
        room = Room(name=name, area=area, rect=rect)
        if room.address in rooms:
            raise WorldError(f'{path}: {_label(obj)}: area "{area}" has a second room "{name}"')
        for other in rooms.values():
            if other.area == area and _overlap(rect, other.rect):
                raise WorldError(f'{path}: {_label(obj)}: overlaps room "{other.address}"')
        rooms[room.address] = room

    objects: dict[str, MapObject] = {}
    for name, rect, obj in by_kind["object"]:
        address = _parent(path, obj, rect, "room", {r.address: r.rect for r in rooms.values()})
        area, room_name = address.split(":")
        state = property_value(obj, "state")
        item = MapObject(name, area, room_name, rect, str(state) if state else "idle")
        if item.address in objects:
            raise WorldError(f'{path}: {_label(obj)}: room "{address}" has a second "{name}"')
        objects[item.address] = item

    spawns: dict[str, SpawnPoint] = {}
    for name, rect, obj in by_kind["spawn"]:
        tile = (rect.x + (rect.w - 1) // 2, rect.y + (rect.h - 1) // 2)
        if name in spawns:
            raise WorldError(f'{path}: {_label(obj)}: a second spawn point named "{name}"')
        if blocked[tile[1], tile[0]]:
            raise WorldError(
                f"{path}: {_label(obj)}: spawn point stands on tile {tile}, which the collision "
                "layer blocks; expected a walkable tile"
            )
        spawns[name] = SpawnPoint(name=name, tile=tile)

    return WorldMap(
        path=path,
        width=tiled.width,
        height=tiled.height,
        tile_size=tiled.tilewidth,
        blocked=blocked,
        areas=areas,
        rooms=rooms,
        objects=objects,
        spawns=spawns,
    )


def _label(obj: dict[str, Any]) -> str:
    kind = obj.get("type") or obj.get("class") or "object"
    return f'layer "locations": {kind} "{obj.get("name", "")}" (id {obj.get("id", "?")})'


def _read_location(tiled: TiledMap, obj: Any) -> tuple[str, str, Rect]:
    """Kind, name and tile rectangle of one object of the `locations` group."""
    path = tiled.path
    if not isinstance(obj, dict):
        raise WorldError(f'{path}: layer "locations": every object must be a JSON object')
    kind = str(obj.get("type") or obj.get("class") or "").strip().lower()
    if kind not in _KINDS:
        raise WorldError(
            f'{path}: {_label(obj)}: unknown type "{kind}"; expected one of {", ".join(_KINDS)}'
        )
    name = str(obj.get("name", "")).strip()
    if not name:
        raise WorldError(f"{path}: {_label(obj)}: has no name; every {kind} needs one")
    if ":" in name:
        raise WorldError(f"{path}: {_label(obj)}: a name may not contain ':'")
    try:
        x, y = float(obj["x"]), float(obj["y"])
        w, h = float(obj.get("width", 0)), float(obj.get("height", 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise WorldError(f"{path}: {_label(obj)}: needs numeric x, y, width, height") from exc
    size = tiled.tilewidth
    if "gid" in obj:  # tile objects are anchored at their bottom-left corner
        y -= h
    if obj.get("point") or (w == 0 and h == 0):
        if kind != "spawn":
            raise WorldError(f"{path}: {_label(obj)}: a {kind} must be a rectangle, not a point")
        rect = Rect(int(x // size), int(y // size), 1, 1)
    else:
        # Snap edges to the nearest tile line so slightly-off drawing still means whole tiles.
        x0, y0 = round(x / size), round(y / size)
        x1, y1 = max(round((x + w) / size), x0 + 1), max(round((y + h) / size), y0 + 1)
        rect = Rect(x0, y0, x1 - x0, y1 - y0)
    if not rect.inside(Rect(0, 0, tiled.width, tiled.height)):
        raise WorldError(
            f"{path}: {_label(obj)}: tiles x={rect.x}..{rect.x + rect.w - 1}, "
            f"y={rect.y}..{rect.y + rect.h - 1} fall outside the "
            f"{tiled.width}x{tiled.height} map"
        )
    return kind, name, rect


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def _parent(
    path: Path, obj: dict[str, Any], rect: Rect, kind: str, parents: dict[str, Rect]
) -> str:
    """The one parent (area of a room, room of an object) whose rectangle holds `rect`."""
    holders = [name for name, box in parents.items() if rect.inside(box)]
    if len(holders) == 1:
        return holders[0]
    if len(holders) > 1:
        raise WorldError(
            f"{path}: {_label(obj)}: lies inside more than one {kind} "
            f"({', '.join(holders)}); expected exactly one"
        )
    touched = [name for name, box in parents.items() if _overlap(rect, box)]
    if len(touched) > 1:
        where = f"overlaps {len(touched)} {kind}s ({', '.join(touched)})"
    elif touched:
        where = f'sticks out of {kind} "{touched[0]}"'
    else:
        where = f"lies outside every {kind}"
    raise WorldError(f"{path}: {_label(obj)}: {where}; expected it inside exactly one {kind}")
