"""Worlds as data: Tiled maps, the original tileset, personas and scenarios."""
