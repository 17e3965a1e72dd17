"""How Tiled stores the cells of a tile layer: gids as a CSV list or base64 text.

Base64 data may be compressed with zlib or gzip. Each cell is a global tile id
whose top bits are flip flags. Decoding is a function of the layer's fields
alone; a fault raises ValueError saying what is wrong, and the reader adds
which file and layer.
"""

from __future__ import annotations

import base64
import gzip
import zlib
from typing import Any

import numpy as np

FLIP_H = 0x80000000
FLIP_V = 0x40000000
FLIP_D = 0x20000000  # the anti-diagonal flip
# The fourth bit rotates hexagonal tiles; on square maps it is dropped with the others.
FLIP_BITS = 0xF0000000


def decode_cells(data: Any, encoding: str, compression: str) -> np.ndarray:
    """A layer's cells as stored (gids with their flip flags), flat and as int64."""
    if encoding == "csv":
        if not isinstance(data, list) or not all(isinstance(g, int) for g in data):
            raise ValueError('expected "data" to be a list of integers')
        return np.array(data, dtype=np.int64)
    if encoding == "base64":
        return _decode_base64(data, compression)
    raise ValueError(f'unknown encoding "{encoding}"; expected csv or base64')


def _decode_base64(data: Any, compression: str) -> np.ndarray:
    if not isinstance(data, str):
        raise ValueError('base64 layer "data" must be a string')
    try:
        blob = base64.b64decode(data, validate=True)
    except ValueError as exc:
        raise ValueError("layer data is not valid base64") from exc
    if compression == "zstd":
        raise ValueError(
            "zstd compression is not supported; save the layer as CSV or base64 with zlib or gzip"
        )
    if compression not in ("", "zlib", "gzip"):
        raise ValueError(f'unknown compression "{compression}"; expected zlib or gzip')
    try:
        if compression == "zlib":
            blob = zlib.decompress(blob)
        elif compression == "gzip":
            blob = gzip.decompress(blob)
    except (zlib.error, OSError, EOFError) as exc:
        raise ValueError(f"layer data does not decompress as {compression}") from exc
    if len(blob) % 4:
        raise ValueError(f"layer data is {len(blob)} bytes; expected 4 per tile")
    return np.frombuffer(blob, dtype="<u4").astype(np.int64)
